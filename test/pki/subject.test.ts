import fc from 'fast-check';
import { TerraformVariable } from 'cdktf';
import { DistinguishedName, SUBJECT_ORDER, subjectOneline } from '../../constructs';
import { toProviderSubject, validateSubject } from '../../constructs/pki/subject';
import { newStack } from '../helpers/synth';

/**
 * An independent decoder of OpenSSL's oneline format: splits on unescaped `/`, reads
 * `\xHH` byte escapes and `\/`, `\+`, and decodes the bytes as UTF-8.
 */
function decodeOneline(oneline: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  let i = 0;
  const expect = (c: string) => {
    if (oneline[i] !== c) throw new Error(`expected ${c} at ${i} in ${oneline}`);
    i++;
  };
  while (i < oneline.length) {
    expect('/');
    const eq = oneline.indexOf('=', i);
    if (eq < 0) throw new Error(`no = after ${i}`);
    const name = oneline.slice(i, eq);
    i = eq + 1;
    const bytes: number[] = [];
    while (i < oneline.length && oneline[i] !== '/') {
      const c = oneline[i];
      if (c === '\\') {
        const next = oneline[i + 1];
        if (next === 'x') {
          const hex = oneline.slice(i + 2, i + 4);
          if (!/^[0-9A-F]{2}$/.test(hex)) throw new Error(`bad hex escape ${hex}`);
          bytes.push(parseInt(hex, 16));
          i += 4;
        } else if (next === '/' || next === '+') {
          bytes.push(next.charCodeAt(0));
          i += 2;
        } else {
          throw new Error(`unknown escape \\${next}`);
        }
      } else {
        const code = c.charCodeAt(0);
        if (code < 0x20 || code > 0x7e || c === '+') throw new Error(`unescaped byte ${code} in ${oneline}`);
        bytes.push(code);
        i++;
      }
    }
    entries.push([name, new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes))]);
  }
  return entries;
}

describe('subjectOneline', () => {
  test('writes fields in the provider order, whatever order they are given in', () => {
    const subject: DistinguishedName = {
      serialNumber: '42', commonName: 'app', organizationalUnit: 'Team', organization: 'Org',
      postalCode: '10115', streetAddress: 'Main St 1', locality: 'Berlin', province: 'BE', country: 'DE',
    };
    expect(subjectOneline(subject)).toBe(
      '/C=DE/ST=BE/L=Berlin/street=Main St 1/postalCode=10115/O=Org/OU=Team/CN=app/serialNumber=42');
  });

  test('leaves out absent and empty fields', () => {
    expect(subjectOneline({ commonName: 'x', organization: '', locality: undefined })).toBe('/CN=x');
  });

  test('escapes slash and plus, keeps spaces and quotes', () => {
    expect(subjectOneline({ commonName: 'a b', organization: "R/D+Ops 'x'" })).toBe("/O=R\\/D\\+Ops 'x'/CN=a b");
  });

  test('writes each UTF-8 byte above 0x7E as upper-case \\xHH', () => {
    expect(subjectOneline({ commonName: 'é', locality: 'Zürich 東' })).toBe('/L=Z\\xC3\\xBCrich \\xE6\\x9D\\xB1/CN=\\xC3\\xA9');
  });

  test('round-trips through an independent decoder for arbitrary values', () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '/', '+', '=', ',', "'", '"', 'é', 'ß', '東', '😀', '-', '.'), minLength: 1, maxLength: 20 });
    fc.assert(fc.property(value, fc.option(value, { nil: undefined }), fc.option(value, { nil: undefined }), (cn, o, l) => {
      const subject: DistinguishedName = { commonName: cn, organization: o, locality: l };
      const decoded = decodeOneline(subjectOneline(subject));
      const expected = SUBJECT_ORDER
        .filter((a) => subject[a.field] !== undefined && subject[a.field] !== '')
        .map((a) => [a.shortName, subject[a.field]]);
      expect(decoded).toEqual(expected);
    }), { numRuns: 500 });
  });

  test('output is printable ASCII only', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), (cn) => {
      fc.pre(!/[\\\u0000-\u001f\u007f-\u009f]/.test(cn) && [...cn].length <= 64);
      expect(subjectOneline({ commonName: cn })).toMatch(/^[\x20-\x7e]*$/);
    }), { numRuns: 300 });
  });
});

describe('toProviderSubject', () => {
  test('maps fields to the provider block, street address as a list, empty strings dropped', () => {
    expect(toProviderSubject({ commonName: 'a', streetAddress: 'Road 1', organization: '' }))
      .toEqual({ commonName: 'a', streetAddress: ['Road 1'] });
  });
});

describe('validateSubject', () => {
  const check = (subject: Partial<DistinguishedName>) => () =>
    validateSubject(newStack(), 'subject', subject as DistinguishedName);

  test.each([
    ['empty common name', { commonName: '' }, /test: `subject.commonName` must be a non-empty string of at most 64 characters, got ""/],
    ['missing common name', { organization: 'x' }, /`subject.commonName` must be a non-empty string/],
    ['over-long common name', { commonName: 'x'.repeat(65) }, /`subject.commonName` must be at most 64 characters \(has 65\), got "x{65}"/],
    ['control character', { commonName: 'a\nb' }, /`subject.commonName` must be text without control characters of at most 64 characters, .* and on one line, got "a\\nb"/],
    ['C1 control character', { commonName: 'a', locality: 'x\u0085' }, /`subject.locality` must be text without control characters of at most 128 characters/],
    ['backslash', { commonName: 'a', organization: 'R\\D' }, /`subject.organization` must not contain a backslash.*got "R\\\\D"/],
    ['three-letter country', { commonName: 'a', country: 'DEU' }, /`subject.country` must be at most 2 characters/],
    ['lower-case country', { commonName: 'a', country: 'de' }, /`subject.country` must be two upper-case letters .*got "de"/],
    ['lone surrogate', { commonName: 'a\ud800' }, /`subject.commonName` must be valid Unicode/],
    ['Terraform template syntax', { commonName: 'a${var.cn}' }, /`subject.commonName` must be text .*without "\$\{" or "%\{" \(Terraform would evaluate them\)/],
  ])('rejects %s', (_name, subject, message) => {
    expect(check(subject)).toThrow(message);
  });

  test('rejects a Terraform reference: the exact subject must be known at synth', () => {
    const stack = newStack();
    const cn = new TerraformVariable(stack, 'cn', { type: 'string' }).stringValue;
    expect(() => validateSubject(stack, 'subject', { commonName: cn }))
      .toThrow(/test: `subject.commonName` must be a literal string known at synth time/);
  });

  test('accepts 64 characters counted as code points, not UTF-16 units', () => {
    expect(check({ commonName: '😀'.repeat(64) })).not.toThrow();
  });
});
