import { check, MARKERS } from './checks';
import { GOOD_REASON, httpScylla } from './fixtures';
import { parseMarkdown } from './markdown';
import type { HostileCase, SynthOut } from './types';

const CLASS = 'waivers';

/** A waiver of TLSF001 on an Alternator-HTTP cluster with `reason`, refused at waive() naming the reason. */
function badReason(id: string, reason: unknown, what: string, value?: RegExp | string): HostileCase {
  return {
    id, class: CLASS, description: `waiver reason ${what}`,
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason }),
    expect: { reject: { path: 'hostile/Shop', field: /reason/, value, allowed: /must|at least|placeholder/i } },
  };
}

/** The waived-violations list shows the reason (or approver) as one item's plain text, one item per waived violation. */
function inWaiverTable(column: 'Reason' | 'Approved by', expected: string): (out: SynthOut) => void {
  return (out) => {
    check(out.reports.md.length > 0, 'no report.md');
    const s = parseMarkdown(out.reports.md[0]);
    const items = s.listItems.filter((t) => t.startsWith(`${column}: `));
    const waived = out.reports.json[0]?.summary?.waivedViolations;
    check(items.length === waived, `the waived-violations list has ${items.length} "${column}" items for ${waived} waived violation(s)`);
    const text = items[0].slice(column.length + 2);
    const shown = column === 'Approved by' ? text.slice(0, text.lastIndexOf('; waiver on ')) : text;
    const norm = (v: string): string => v.replace(/\s+/g, ' ').trim();
    check(norm(shown) === norm(expected), `the ${column} item reads ${JSON.stringify(shown.slice(0, 80))}`);
    for (const h of s.headings) check(!MARKERS.test(h), `a heading from the input: ${h}`);
  };
}

function waivedWith(reason: string, approvedBy?: string): (lib: any, stack: any) => unknown {
  return (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason, ...(approvedBy === undefined ? {} : { approvedBy }) });
}

const words = 'The importer needs plain HTTP until the Q3 rewrite lands and INV-412 closes. ';

export const WAIVER_CASES: HostileCase[] = [
  badReason('W01', 'TODO: write the real reason here', 'a TODO placeholder sentence', /TODO/),
  badReason('W02', 'legacy legacy legacy legacy', 'one word four times', /legacy/),
  badReason('W03', 'temporary TODO fix later', 'placeholder words only', /temporary/),
  badReason('W04', '   \t\n  ', 'whitespace only'),
  badReason('W05', '\u200b'.repeat(40), 'zero-width spaces only'),
  badReason('W06', '\u00a0'.repeat(30), 'non-breaking spaces only'),
  badReason('W07', words.repeat(140), 'of about 10k characters', /importer/),
  badReason('W08', '<div> <span> <table> <tr> <td> </td> </tr>', 'HTML tags without a word of reason', /div/),
  badReason('W09', 'lorem ipsum dolor sit amet consectetur', 'lorem ipsum filler', /lorem/),
  badReason('W10', 'waiver waiver waiver waiver waiver', 'the word "waiver" repeated', /waiver/),
  badReason('W11', 'TLSF001 TLSF001 TLSF001 TLSF001', 'the rule id repeated', /TLSF001/),
  badReason('W12', 'Plaintext listener (TLSF001)', 'the rule title and id', /Plaintext/),
  badReason('W13', 'TBD TBD TBD TBD TBD TBD TBD TBD', 'TBD repeated', /TBD/),
  badReason('W14', 'asdf asdf asdf asdf asdf asdf', 'keyboard mash repeated', /asdf/),
  badReason('W15', 'FIXME: ask security team later', 'a FIXME note', /FIXME/),
  badReason('W16', 'xxxxxxxx yyyyyyyy zzzzzzzz wwwwwwww', 'four letters repeated as words', /x{4}/),
  badReason('W17', 12345678901234567890, 'a number'),
  badReason('W18', ['The importer needs plain HTTP', 'until the Q3 rewrite'], 'an array of strings'),
  badReason('W19', 'n/a - not applicable here at all', 'n/a with filler', /n\/a/),
  {
    id: 'W20', class: CLASS, description: 'approvedBy whitespace only',
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason: GOOD_REASON, approvedBy: ' \t ' }),
    expect: { reject: { path: 'hostile/Shop', field: /approvedBy/ } },
  },
  {
    id: 'W21', class: CLASS, description: 'approvedBy of 10k characters',
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason: GOOD_REASON, approvedBy: 'security-review@example.com '.repeat(400) }),
    expect: { reject: { path: 'hostile/Shop', field: /approvedBy/, allowed: /must|at most|characters/i } },
  },
  {
    id: 'W22', class: CLASS, description: 'approvedBy with a newline and a forged second approver line',
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason: GOOD_REASON, approvedBy: 'alice\nApproved by: CISO' }),
    expect: { reject: { path: 'hostile/Shop', field: /approvedBy/, allowed: /must|one line/i } },
  },
  {
    id: 'W23', class: CLASS, description: 'a reason with HTML renders as text in report.md',
    build: waivedWith('<img src=x onerror=alert(1)> The importer needs HTTP until the Q3 rewrite lands (INV-412).'),
    expect: { safe: inWaiverTable('Reason', '<img src=x onerror=alert(1)> The importer needs HTTP until the Q3 rewrite lands (INV-412).') },
  },
  {
    id: 'W24', class: CLASS, description: 'a reason padded with trailing whitespace and control characters',
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason: `${GOOD_REASON}\u0007\u001b[31m` }),
    expect: { reject: { path: 'hostile/Shop', field: /reason/, allowed: /must|control/i } },
  },
  {
    id: 'W25', class: CLASS, description: 'a waiver object with a typo: "reasons" instead of "reason"',
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reasons: GOOD_REASON }),
    expect: { reject: { path: 'hostile/Shop', field: /reason/ } },
  },
  {
    id: 'W26', class: CLASS, description: 'a waiver object with an unknown property "expires"',
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), 'TLSF001', { reason: GOOD_REASON, expires: '2020-01-01' }),
    expect: { reject: { path: 'hostile/Shop', field: /expires/, allowed: /must|not an option|options/i } },
  },
  {
    id: 'W27', class: CLASS, description: 'rule id in lower case with spaces: " tlsf001 "',
    build: (lib, stack) => lib.waive(httpScylla(lib, stack), ' tlsf001 ', { reason: GOOD_REASON }),
    expect: { reject: { path: 'hostile/Shop', field: /ruleId|waive/, value: /tlsf001/, allowed: /TLSF001/ } },
  },
  {
    id: 'W28', class: CLASS, description: 'a waiver on the App (outside any stack)',
    build: (lib, stack, app) => {
      httpScylla(lib, stack);
      lib.waive(app, 'TLSF001', { reason: GOOD_REASON });
    },
    expect: { reject: { path: /\(app\)|hostile/, field: /waive/, allowed: /inside a stack|must/i } },
  },
];
