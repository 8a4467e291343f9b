// A compared goroutine group, dump by dump: how many goroutines it had in each snapshot,
// and that snapshot's own goroutines, paged from the worker (`members[s]` are group ids of
// snapshot s's dump grouped at the comparison's level).

import { el } from './element.js';
import { count, withUnit } from './format.js';

const PAGE = 20;

/** Member pages already loaded, per comparison: `"group:snapshot"` → `{ members, next, done }`. */
const loaded = new WeakMap();

function pagesOf(comparison) {
  if (!loaded.has(comparison)) loaded.set(comparison, new Map());
  return loaded.get(comparison);
}

function snapshotName(snapshot) {
  return snapshot.time === null ? snapshot.dump : `${snapshot.dump} (${snapshot.time}s)`;
}

/**
 * Goroutines `PAGE` at a time across the snapshot's member groups, in their order:
 * `pages.next` is `[member group index, offset in it]`.
 */
async function loadPage(analyzer, groupBy, snapshot, groupIds, pages) {
  let [at, offset] = pages.next;
  let wanted = PAGE;
  while (wanted > 0 && at < groupIds.length) {
    const page = await analyzer.inputMembers(snapshot.input, snapshot.profile, groupBy, groupIds[at], offset, wanted);
    pages.members.push(...page);
    wanted -= page.length;
    if (page.length === 0 || wanted > 0) {
      at += 1;
      offset = 0;
    } else {
      offset += page.length;
    }
  }
  pages.next = [at, offset];
  pages.done = at >= groupIds.length;
}

function membersTable(members, total) {
  return el('table', { className: 'members' },
    el('caption', { textContent: `Goroutines (${count(members.reduce((n, m) => n + m.count, 0))} of ${count(total)} shown)` }),
    el('thead', {}, el('tr', {}, ...['id', 'state', 'wait', 'labels', 'parent', 'line'].map((h) => el('th', { scope: 'col', textContent: h })))),
    el('tbody', {}, ...members.map((m) => el('tr', { data: { goroutine: m.id } },
      el('td', { textContent: m.id ? String(m.id) : `${count(m.count)} ×` }),
      el('td', { className: m.state ? '' : 'missing', textContent: withUnit(m.state, 'state') }),
      el('td', { textContent: m.waitMinutes ? `${m.waitMinutes} min` : '' }),
      el('td', { textContent: m.labels ? Object.entries(m.labels).map(([k, v]) => `${k}=${v}`).join(' ') : '' }),
      el('td', { textContent: m.createdBy?.parent ? `goroutine ${m.createdBy.parent}` : '' }),
      el('td', { className: 'num', textContent: String(m.line) })))));
}

/** The per-snapshot breakdown of compared group `group`. */
export function snapshotBreakdown(comparison, group, analyzer) {
  const g = comparison.goroutines;
  const pages = pagesOf(comparison);
  const rows = g.snapshots.map((snapshot, s) => {
    const key = `${group.id}:${s}`;
    const groupIds = group.members?.[s] ?? [];
    const slot = el('div', { className: 'snapshot-members' });
    const show = () => {
      const state = pages.get(key);
      if (!state) {
        slot.replaceChildren(groupIds.length === 0 ? '' : el('button', {
          type: 'button', className: 'secondary show-members', textContent: 'Show goroutines',
          on: { click: () => load() },
        }));
        return;
      }
      slot.replaceChildren(el('div', { className: 'members-block' }, membersTable(state.members, group.series[s]),
        state.done ? '' : el('button', {
          type: 'button', className: 'secondary more-members', textContent: state.loading ? 'Loading…' : `Show ${PAGE} more`,
          disabled: state.loading, on: { click: () => load() },
        })));
    };
    const load = async () => {
      const state = pages.get(key) ?? { members: [], next: [0, 0], done: false, loading: false };
      pages.set(key, state);
      if (state.loading || state.done) return;
      state.loading = true;
      show();
      try {
        await loadPage(analyzer, comparison.groupBy, snapshot, groupIds, state);
      } catch (error) {
        state.done = true;
        slot.append(el('p', { className: 'error', textContent: `Could not list the goroutines: ${error.message}` }));
      } finally {
        state.loading = false;
      }
      show();
    };
    show();
    return el('tr', { data: { snapshot: s, count: group.series[s] } },
      el('th', { scope: 'row', title: snapshot.dump, textContent: snapshotName(snapshot) }),
      el('td', { className: 'num', textContent: count(group.series[s]) }),
      el('td', { textContent: groupIds.length > 0 ? `group${groupIds.length === 1 ? '' : 's'} ${groupIds.join(', ')}` : 'absent' }),
      el('td', {}, slot));
  });
  return el('table', { className: 'data snapshot-breakdown' },
    el('caption', { textContent: 'Per dump' }),
    el('thead', {}, el('tr', {}, ...['dump', 'goroutines', 'its groups', ''].map((h, i) =>
      el('th', { scope: 'col', className: i === 1 ? 'num' : '', textContent: h })))),
    el('tbody', {}, ...rows));
}
