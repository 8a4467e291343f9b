// The Markdown summary for an incident ticket, and the JSON download. Dump strings are
// put in code spans with backticks neutralised, so they cannot break the ticket's markup.

import { bytes, count, nanoseconds, plural, waitRange, withUnit } from './format.js';
import { evidenceMarkdown } from './evidence-view.js';
import { keyFrame } from './frame-view.js';

/** `text` as an inline code span that stays one span whatever it contains. */
function code(text) {
  const clean = String(text).replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${clean}${longest ? ' ' : ''}${fence}`;
}

/** Text outside code spans: Markdown and HTML specials escaped. */
function plain(text) {
  return String(text).replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}

/** Rows of the groups table: the largest groups… */
const GROUP_ROWS = 10;
/** …and states listed before "N more". */
const STATES_LISTED = 8;

/** `, and 3 more groups` style tail for a list cut at `shown` of `total`. */
function more(total, shown, noun) {
  return total > shown ? `${plural(total - shown, `more ${noun}`)}` : '';
}

function goroutineSection(g, annotations, lines) {
  const groupsTotal = g.groupsTotal ?? g.groups.length;
  lines.push(`- **${plural(g.total, 'goroutine')}** in ${plural(groupsTotal, 'group')}${g.leaked ? `, ${count(g.leaked)} leaked` : ''}`);
  for (const p of g.crash?.panics ?? []) lines.push(`- panic: ${code(p.message)}`);
  for (const f of g.crash?.fatalErrors ?? []) lines.push(`- fatal error: ${code(f)}`);
  const states = Object.entries(g.states).sort((a, b) => b[1] - a[1]);
  if (states.length > 0) {
    const rest = more(states.length, STATES_LISTED, 'state');
    lines.push(`- states: ${states.slice(0, STATES_LISTED).map(([s, n]) => `${code(s)} ${count(n)}`).join(', ')}${rest ? `, ${rest}` : ''}`);
  }
  // The largest groups, and every group a finding names (a lock holder is often 1 goroutine).
  const named = new Set(annotations.flatMap((a) => a.groups ?? []));
  const rows = g.groups.filter((group, i) => i < GROUP_ROWS || named.has(group.id ?? i));
  lines.push('', '| goroutines | state | wait | doing | top own frame |', '| ---: | --- | --- | --- | --- |');
  const cell = (text) => code(text).replaceAll('|', '\\|');
  for (const group of rows) {
    const top = keyFrame(group.frames);
    lines.push(`| ${count(group.count)} | ${group.state ? code(group.state) : withUnit(group.state, 'state')} | ${waitRange(group.waitMinutes)} | ${group.name ? cell(group.name.text) : ''} | ${top ? cell(`${top.function} (${top.file.split('/').pop()}:${top.line})`) : ''} |`);
  }
  const rest = more(groupsTotal, rows.length, 'group');
  if (rest) lines.push(`| … | | | | ${rest} (all of them in the JSON export) |`);
}

/** A Markdown summary of `report`. */
export function markdownSummary(report) {
  const lines = ['## goroseer summary', ''];
  // The incident summary leads: the bottlenecks ranked by goroutines affected.
  if (report.summary?.text) lines.push(`**${plain(report.summary.text)}**`, '');
  report.profiles.forEach((profile, i) => {
    lines.push(`### ${i + 1}. ${plain(profile.kind)} dump${profile.format ? ` (${plain(profile.format)})` : ''}`, '');
    for (const a of profile.annotations ?? []) {
      lines.push(`- **${a.severity}** ${plain(a.title)} (${code(a.rule)})`);
      lines.push(...evidenceMarkdown(a.evidence, code));
      for (const m of a.merged ?? []) lines.push(`  - also **${m.severity}** ${plain(m.title)} (${code(m.rule)})`);
    }
    if (profile.annotations?.length) lines.push('');
    if (profile.goroutines) goroutineSection(profile.goroutines, profile.annotations ?? [], lines);
    if (profile.heap) {
      const t = profile.heap.totals.unsampled;
      lines.push(`- in use ${bytes(t.inuse_space)} in ${count(t.inuse_objects)} objects; allocated ${bytes(t.alloc_space)}`);
    }
    if (profile.contention) {
      lines.push(`- ${count(profile.contention.totals.contentions)} contentions, ${nanoseconds(profile.contention.totals.delay)} delay`);
    }
    lines.push('');
  });
  lines.push('_Analysed in the browser with goroseer; nothing was uploaded._');
  return lines.join('\n');
}

/** Offers `json` (the report as text) as a file (a blob: URL made in the page; nothing is sent). */
export function downloadJson(json, name = 'goroseer-report.json') {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
