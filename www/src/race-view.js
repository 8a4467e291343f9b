// Race detector reports: the racing pairs (each pair of code sites once, with how many
// reports), then every report's two accesses side by side, each with its stack and the
// racing goroutine's creation stack. Everything shown is what the report says.

import { el } from './element.js';
import { count } from './format.js';
import { frameLine } from './frame-view.js';
import { loadSourceLinks } from './source-links.js';

function stack(indices, frames, links, label) {
  return el('ol', { className: 'stack record-stack', attrs: { 'aria-label': label } },
    ...indices.map((i) => frames[i]).filter(Boolean).map((frame) => frameLine(frame, links)));
}

function siteName(frames, index, inside) {
  const site = index == null ? 'an unknown place' : (frames[index]?.function ?? 'an unknown place');
  const library = inside == null ? undefined : frames[inside]?.function;
  return library ? `${library} called from ${site}` : site;
}

function accessColumn(access, report, frames, links) {
  const who = access.goroutine == null ? 'an unknown goroutine' : `goroutine ${access.goroutine}`;
  const op = `${access.previous ? 'previous ' : ''}${access.atomic ? 'atomic ' : ''}${access.op}`;
  const creator = report.goroutines.find((g) => g.id === access.goroutine);
  return el('section', { className: 'race-access' },
    el('h4', { textContent: `${op} by ${who} (line ${access.line})` }),
    stack(access.frames, frames, links, `Stack of the ${op}, innermost first`),
    creator
      ? el('div', {},
        el('p', { className: 'hint', textContent: `goroutine ${creator.id} (${creator.state}) created at:` }),
        stack(creator.createdAt, frames, links, `Where goroutine ${creator.id} was created`))
      : null);
}

export function renderRace(container, { profile, report }) {
  const race = profile.race;
  const frames = report.frames;
  const links = loadSourceLinks();
  const found = race.found == null ? '' : ` · the detector says: found ${count(race.found)}`;
  const limit = race.goroutineLimit == null ? null
    : el('p', { className: 'hint', textContent: `The race runtime aborted the run: more than ${count(race.goroutineLimit)} goroutines alive at once.` });
  const tests = (race.racedTests ?? []).map((t) => el('p', { className: 'hint', textContent: `${t.name ?? 'A test'} failed on a race (line ${t.line}).` }));
  container.replaceChildren(
    el('p', { className: 'facts', textContent: `${count(race.reports.length)} race reports · ${count(race.pairs.length)} racing pairs of sites${found}` }),
    ...[limit, ...tests].filter(Boolean),
    el('ol', { className: 'race-pairs' },
      ...race.pairs.map((pair) => el('li', {},
        el('span', { className: 'fn', textContent: `${pair.ops[0]} in ${siteName(frames, pair.first, pair.inside?.[0])}` }),
        ' against ',
        el('span', { className: 'fn', textContent: `${pair.ops[1]} in ${siteName(frames, pair.second, pair.inside?.[1])}` }),
        ` · ${count(pair.reports.length)} ${pair.reports.length === 1 ? 'report' : 'reports'}`
          + (pair.addresses.length > 0 ? ` · ${pair.addresses.join(', ')}` : '')))),
    ...race.reports.map((r, i) => el('article', { className: 'race-report' },
      el('h3', { textContent: `Report ${i + 1} (line ${r.line})${r.address ? ` at ${r.address}` : ''}` }),
      r.cutAbove ? el('p', { className: 'hint', textContent: 'Cut above: the input starts inside this report, its header is not in it.' }) : null,
      r.cutFrames ? stack(r.cutFrames, frames, links, 'The end of a stack whose section line is cut, innermost first') : null,
      r.location ? el('p', { className: 'hint', textContent: r.location }) : null,
      el('div', { className: 'race-accesses' },
        ...r.accesses.map((a) => accessColumn(a, r, frames, links))))),
  );
}
