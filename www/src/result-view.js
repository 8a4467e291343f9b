// Renders the summary. Every string that comes from a dump goes in as text
// (textContent / createElement), never as HTML.

import { diagnosticCount, profileSummaries } from './summary.js';

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function stateTable(states, total) {
  const body = el('tbody');
  for (const [state, count] of states) {
    const bar = el('span', { className: 'bar' });
    // A CSSOM property, not a style attribute: allowed by the strict CSP.
    bar.style.inlineSize = `${total ? (100 * count) / total : 0}%`;
    const row = el('tr', {},
      el('th', { scope: 'row', textContent: state }),
      el('td', { className: 'count', textContent: count.toLocaleString('en-US') }),
      el('td', { className: 'share' }, bar));
    row.dataset.state = state;
    row.dataset.count = String(count);
    body.append(row);
  }
  return el('table', { className: 'states' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', textContent: 'State' }),
      el('th', { scope: 'col', textContent: 'Goroutines' }),
      el('th', { scope: 'col', textContent: 'Share' }))),
    body);
}

function profileCard(profile) {
  const card = el('article', { className: 'profile' });
  card.dataset.kind = profile.kind;
  const heading = el('h2', { textContent: [`${profile.kind} dump`, profile.format].filter(Boolean).join(' · ') });
  card.append(heading);
  if (profile.total !== null) {
    const total = el('strong', { className: 'total', textContent: profile.total.toLocaleString('en-US') });
    total.dataset.testid = 'total';
    total.dataset.value = String(profile.total);
    card.append(el('p', { className: 'headline' }, total, ' goroutines'));
  }
  if (profile.states.length > 0) card.append(stateTable(profile.states, profile.total));
  return card;
}

/** Replaces the contents of `container` with the summary of `report`. */
export function renderResult(container, report, elapsedMs) {
  const summaries = profileSummaries(report);
  const diagnostics = diagnosticCount(report);
  const facts = el('p', { className: 'facts' });
  const diagnosticsNode = el('span', { textContent: `${diagnostics} diagnostic${diagnostics === 1 ? '' : 's'}` });
  diagnosticsNode.dataset.testid = 'diagnostics';
  diagnosticsNode.dataset.value = String(diagnostics);
  facts.append(
    `${summaries.length} dump${summaries.length === 1 ? '' : 's'} found · `,
    diagnosticsNode,
    ` · analysed in ${elapsedMs.toFixed(0)} ms`);
  container.replaceChildren(facts, ...summaries.map(profileCard));
  container.hidden = false;
}
