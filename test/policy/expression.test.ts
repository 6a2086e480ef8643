import fc from 'fast-check';
import {
  evaluate, evaluateExpression, Evaluation, isSecretPem, isWhollyKnown, PlanValue, referencesIn, TerraformJson, UNKNOWN,
} from '../../constructs/policy/plan/expression';

// A PEM-shaped private key; the body is filler, which is all the detector looks at.
const BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${BODY}-----END RSA PRIVATE KEY-----\n`;
const CERT = `-----BEGIN CERTIFICATE-----\n${BODY}-----END CERTIFICATE-----\n`;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const KEY = 'tls_private_key.ca.private_key_pem';
const LITERAL = 'a literal private key';

const CONFIG: TerraformJson = {
  locals: {
    n: 5,
    name: 'db',
    list: [{ name: 'a' }, { name: 'b' }],
    m: { x: 'hi', s: '${tls_private_key.ca.private_key_pem}' },
    key: '${tls_private_key.ca.private_key_pem}',
    wrapped: '${nonsensitive(base64decode(base64encode(local.key)))}',
    doc: '${jsonencode({k = local.wrapped})}',
    literal: PEM,
    encoded: b64(PEM),
    obj: '${{ "a" = 1, b = "x" }}',
    cyc_a: '${local.cyc_b}',
    cyc_b: '${local.cyc_a}',
    self: 'x-${local.self}',
    reaches_cycle: '${upper(local.cyc_a)}',
    tri_a: '${local.tri_b}',
    tri_b: '${local.tri_c}',
    tri_c: '${local.tri_a}',
    partial_cycle: '${{x = 1, y = local.partial_cycle.x}}',
  },
  variable: {
    region: { type: 'string', default: 'eu-west-1' },
    ports: { default: [9042, 9142] },
    nodefault: { type: 'string' },
    pw: { sensitive: true, default: 'hunter2' },
    token: { sensitive: true },
  },
  resource: {
    tls_private_key: { ca: { algorithm: 'ECDSA' } },
    kubernetes_secret: { s: { data: {} } },
    kubernetes_secret_v1: { s: { data: {} } },
  },
  data: { kubernetes_secret_v1: { s: { metadata: [{ name: 'x' }] } } },
};

const run = (expr: unknown, config: TerraformJson = CONFIG): Evaluation => evaluate(config, expr);

describe('fast path', () => {
  test.each<[unknown, PlanValue]>([
    ['plain', 'plain'],
    ['', ''],
    ['{"json": true}', '{"json": true}'],
    ['100%', '100%'],
    ['$x and $$ and %s', '$x and $$ and %s'],
    [42, 42],
    [true, true],
    [null, null],
  ])('%j is itself', (input, expected) => {
    expect(run(input)).toEqual({ value: expected, unknownReasons: [], references: [], secrets: [], dependsOnVariables: [] });
  });
});

describe('functions on known inputs', () => {
  test.each<[string, PlanValue]>([
    ['${nonsensitive("x")}', 'x'],
    ['${sensitive("x")}', 'x'],
    ['${base64encode("hello")}', 'aGVsbG8='],
    ['${base64decode("aGVsbG8=")}', 'hello'],
    ['${trimspace("  x \\n")}', 'x'],
    ['${trim("?!hello?!", "!?")}', 'hello'],
    ['${lower("AbC")}', 'abc'],
    ['${upper("AbC")}', 'ABC'],
    ['${lookup({a = "1"}, "a", "d")}', '1'],
    ['${lookup({a = "1"}, "b", "d")}', 'd'],
    ['${lookup(local.m, "x")}', 'hi'],
    ['${jsonencode({b = [1, true, null], a = "<x>"})}', '{"a":"\\u003cx\\u003e","b":[1,true,null]}'],
    ['${jsondecode("{\\"a\\":[1,true,null]}")}', { a: [1, true, null] }],
    ['${yamlencode({b = 1, a = [1]})}', 'a:\n  - 1\nb: 1\n'],
    ['${yamldecode("a: 1\\nb: [x, y]")}', { a: 1, b: ['x', 'y'] }],
    ['${join(",", ["a", "b"], ["c"])}', 'a,b,c'],
    ['${join("-", [1, true])}', '1-true'],
    ['${split(",", "a,b,,c")}', ['a', 'b', '', 'c']],
    ['${concat(["a"], ["b", "c"])}', ['a', 'b', 'c']],
    ['${element(["a", "b", "c"], 4)}', 'b'],
    ['${length("héllo")}', 5],
    ['${length({a = 1, b = 2})}', 2],
    ['${length([1, tls_private_key.ca.id])}', 2],
    ['${format("%s=%d %q %t %.2f %%", "a", 3, "q", true, 3.14159)}', 'a=3 "q" true 3.14 %'],
    ['${format("%v", [1, "a"])}', '[1,"a"]'],
    ['${replace("a.b.c", ".", "-")}', 'a-b-c'],
    ['${replace("tls-12", "/([a-z]+)-([0-9]+)/", "$2:$1")}', '12:tls'],
    ['${replace("ab", "/(a)(b)/", "$${2}$${1}")}', 'ba'],
    ['${replace("Hello", "/(?i)h/", "j")}', 'jello'],
    ['${tostring(5)}', '5'],
    ['${tostring(null)}', null],
    ['${tonumber("12.5")}', 12.5],
    ['${tobool("true")}', true],
    ['${tolist(["a"])}', ['a']],
    ['${toset(["b", "a", "b"])}', ['a', 'b']],
    ['${toset([3, 1, 3])}', [1, 3]],
    ['${tomap({a = 1})}', { a: 1 }],
    ['${merge({a = 1, b = 2}, null, {b = 3})}', { a: 1, b: 3 }],
    ['${coalesce("", null, "x")}', 'x'],
    ['${try(local.m.nope, "fallback")}', 'fallback'],
    ['${try(local.undeclared, local.n)}', 5],
    ['${can(local.m.nope)}', false],
    ['${can(local.m.x)}', true],
    ['${keys({b = 1, a = 2})}', ['a', 'b']],
    ['${values({b = 1, a = 2})}', [2, 1]],
    ['${contains(["a", "b"], "b")}', true],
    ['${contains([1, 2], "1")}', false],
    ['${substr("hello world", 1, 4)}', 'ello'],
    ['${substr("hello", -3, -1)}', 'llo'],
    ['${startswith("tls-key", "tls")}', true],
    ['${endswith("tls-key", "tls")}', false],
    ['${strcontains("tls-key", "s-k")}', true],
    ['${abs(-3)}', 3],
    ['${min(3, 1, 2)}', 1],
    ['${max([1, 5, 3]...)}', 5],
  ])('%s', (expr, expected) => {
    const e = run(expr);
    expect(e.unknownReasons).toEqual([]);
    expect(e.value).toEqual(expected);
  });

  test.each<[string, string]>([
    ['${file("ca.pem")}', 'function file() reads outside the plan'],
    ['${templatefile("t.tpl", {})}', 'function templatefile() reads outside the plan'],
    ['${timestamp()}', 'function timestamp() changes on every run'],
    ['${uuid()}', 'function uuid() changes on every run'],
    ['${cidrsubnet("10.0.0.0/16", 8, 1)}', 'function cidrsubnet() is not supported'],
    ['${provider::tls::x(1)}', 'function provider::tls::x() is not supported'],
    ['${base64decode("!!")}', 'base64decode(): the string is not valid base64'],
    ['${lookup({a = 1}, "b")}', 'lookup(): no key "b" in the map and no default'],
    ['${element([], 0)}', 'element(): cannot use element() on an empty list'],
    ['${format("%d", 1.5)}', 'format(): %d needs a whole number, got 1.5'],
    ['${format("%s %s", "a")}', 'format(): not enough arguments for %s'],
    ['${format("%5s", "a")}', 'format(): unsupported format verb %5s'],
    ['${format("%s", "a", "b")}', 'format(): too many arguments; only 1 used by the format string'],
    ['${tonumber("x")}', 'tonumber(): the argument must be a number, got string'],
    ['${replace("aaaa!", "/(a+)+$/", "")}', 'replace(): the pattern could backtrack exponentially'],
    ['${coalesce(null, "")}', 'coalesce(): no non-null, non-empty-string arguments'],
    ['${upper()}', 'upper(): takes 1 arguments, got 0'],
  ])('%s is unknown', (expr, reason) => {
    expect(run(expr)).toMatchObject({ value: UNKNOWN, unknownReasons: [reason] });
  });

  test('jsondecode of invalid JSON is an error', () => {
    const e = run('${try(jsondecode("{"), "bad")}');
    expect(e.value).toBe('bad');
    expect(run('${jsondecode("{")}').unknownReasons).toEqual([expect.stringMatching(/^jsondecode\(\): invalid JSON: /)]);
  });

  test('an unknown function still carries the taint and references of its arguments', () => {
    expect(run('${file(tls_private_key.ca.private_key_pem)}')).toEqual({
      value: UNKNOWN,
      unknownReasons: ['function file() reads outside the plan', 'tls_private_key.ca.private_key_pem is known only after apply'],
      references: [{ mode: 'managed', type: 'tls_private_key', name: 'ca', attribute: 'private_key_pem' }],
      secrets: [KEY],
      dependsOnVariables: [],
    });
    expect(run('${bcrypt(var.pw)}')).toMatchObject({ value: UNKNOWN, secrets: ['var.pw'], unknownReasons: ['function bcrypt() changes on every run'] });
  });

  test('try and can follow Terraform: an unknown argument makes the answer unknown', () => {
    expect(run('${try(tls_private_key.ca.private_key_pem, "none")}')).toMatchObject({ value: UNKNOWN, secrets: [KEY] });
    expect(run('${can(var.nodefault)}').value).toBe(UNKNOWN);
  });
});

describe('expressions', () => {
  test.each<[string, PlanValue]>([
    ['${local.n}', 5],
    ['n=${local.n}', 'n=5'],
    ['${[1, "a", true, null]}', [1, 'a', true, null]],
    ['${{ "a" = 1, b = "x", c: [] }}', { a: 1, b: 'x', c: [] }],
    ['${{ (local.name) = 1 }}', { db: 1 }],
    ['${local.obj.b}', 'x'],
    ['${local.m["x"]}', 'hi'],
    ['${var.ports[1]}', 9142],
    ['${var.ports.0}', 9042],
    ['${local.list[*].name}', ['a', 'b']],
    ['${local.list.*.name}', ['a', 'b']],
    ['${1 + 2 * 3}', 7],
    ['${(1 + 2) * 3}', 9],
    ['${10 / 4 - 7 % 3}', 1.5],
    ['${-local.n}', -5],
    ['${"a" == "a" && 1 != "1"}', true],
    ['${3 >= 2 && !false || false}', true],
    ['${local.n > 3 ? "big" : "small"}', 'big'],
    ['${true || tls_private_key.ca.id == ""}', true],
    ['${false && tls_private_key.ca.id == ""}', false],
    ['${[for s in ["a", "bb"] : upper(s) if length(s) > 1]}', ['BB']],
    ['${{for k, v in {a = 1, b = 2} : v => k}}', { 1: 'a', 2: 'b' }],
    ['${{for s in ["ax", "ay", "bz"] : substr(s, 0, 1) => s...}}', { a: ['ax', 'ay'], b: ['bz'] }],
    ['%{ if local.n > 3 }big%{ else }small%{ endif }', 'big'],
    ['%{ if false }x%{ endif }', ''],
    ['%{ for x in ["a", "b"] }${x};%{ endfor }', 'a;b;'],
    ['a  ${~ "b" ~}  c', 'abc'],
    ['${"quoted ${local.name} \\"q\\" \\u0041"}', 'quoted db "q" A'],
    ['${<<EOT\nhello ${local.name}\nEOT\n}', 'hello db\n'],
    ['${local.n /* comment */ + 1 # trailing\n}', 6],
  ])('%s', (expr, expected) => {
    const e = run(expr);
    expect(e.unknownReasons).toEqual([]);
    expect(e.value).toEqual(expected);
  });

  test.each<[string, string]>([
    ['$${local.a}', '${local.a}'],
    ['%%{ if x }', '%{ if x }'],
    ['cost: $$5 and $${x} and %%{y}', 'cost: $$5 and ${x} and %{y}'],
    ['${"$${inner}"}', '${inner}'],
  ])('escape %s', (input, expected) => {
    expect(run(input)).toEqual({ value: expected, unknownReasons: [], references: [], secrets: [], dependsOnVariables: [] });
  });

  test.each<[string, string]>([
    ['${local.m["zz"]}', 'invalid index in local.m["zz"]: no element "zz"'],
    ['${var.ports[5]}', 'invalid index in var.ports[5]: index 5 is out of range for a list of 2'],
    ['${1 / 0}', 'operator /: division by zero'],
    ['${"a" + 1}', 'operator +: operands must be numbers'],
    ['${"x" ? 1 : 2}', 'a condition must be a bool'],
    ['pre-${[1]}', 'a string template cannot include a list or map'],
    ['${local.nope}', 'local.nope is not declared'],
    ['${var.nope}', 'var.nope is not declared'],
    ['${foo}', 'unsupported expression: foo'],
    ['${count.index}', 'count.index is known only per instance'],
    ['${path.module}', 'path.module depends on where Terraform runs'],
    ['${module.net.id}', 'module.net outputs are not evaluated'],
    ['${aws_instance.x.id}', 'aws_instance.x is not declared in this configuration'],
  ])('%s is unknown: %s', (expr, reason) => {
    expect(run(expr)).toMatchObject({ value: UNKNOWN, unknownReasons: [reason] });
  });

  test('a variable is its default, and the caller learns the default could be overridden', () => {
    expect(run('${var.region}-${local.name}')).toEqual({
      value: 'eu-west-1-db', unknownReasons: [], references: [], secrets: [], dependsOnVariables: ['region'],
    });
    expect(run('${var.nodefault}')).toMatchObject({ value: UNKNOWN, unknownReasons: ['var.nodefault has no default (set at plan)'], dependsOnVariables: ['nodefault'] });
  });

  test('an unknown condition makes the result unknown; a known one picks its branch', () => {
    expect(run('${tls_private_key.ca.id == "" ? "a" : "b"}')).toMatchObject({ value: UNKNOWN, unknownReasons: ['tls_private_key.ca.id is known only after apply'] });
  });
});

describe('partial knowledge', () => {
  test('an object keeps its known fields', () => {
    expect(run('${{ a = 1, key = tls_private_key.ca.private_key_pem }}')).toEqual({
      value: { a: 1, key: UNKNOWN },
      unknownReasons: ['tls_private_key.ca.private_key_pem is known only after apply'],
      references: [{ mode: 'managed', type: 'tls_private_key', name: 'ca', attribute: 'private_key_pem' }],
      secrets: [KEY],
      dependsOnVariables: [],
    });
  });

  test('a JSON value keeps its known parts', () => {
    const e = run({ a: 'x', b: ['${var.nodefault}', 2], c: { d: '${local.n}' } });
    expect(e.value).toEqual({ a: 'x', b: [UNKNOWN, 2], c: { d: 5 } });
    expect(e.unknownReasons).toEqual(['var.nodefault has no default (set at plan)']);
    expect(isWhollyKnown(e.value)).toBe(false);
    expect(isWhollyKnown(run({ a: ['${local.n}'] }).value)).toBe(true);
  });

  test('a template with an unknown part is unknown as a whole', () => {
    expect(run('pre-${var.nodefault}-${local.n}')).toMatchObject({ value: UNKNOWN, unknownReasons: ['var.nodefault has no default (set at plan)'] });
  });

  test('indexing the known part of a partly unknown local is known and carries only what it holds', () => {
    expect(run('${local.m.x}')).toMatchObject({ value: 'hi', secrets: [], unknownReasons: [] });
    expect(run('${local.m.s}')).toMatchObject({ value: UNKNOWN, secrets: [KEY] });
  });
});

describe('taint', () => {
  test('through locals, nonsensitive and encodings', () => {
    expect(run('${local.doc}')).toEqual({
      value: UNKNOWN,
      unknownReasons: ['tls_private_key.ca.private_key_pem is known only after apply'],
      references: [{ mode: 'managed', type: 'tls_private_key', name: 'ca', attribute: 'private_key_pem' }],
      secrets: [KEY],
      dependsOnVariables: [],
    });
  });

  test.each<[string, string[]]>([
    ['${tls_private_key.ca.private_key_pem_pkcs8}', [KEY]],
    ['${tls_private_key.ca[0].private_key_openssh}', [KEY]],
    ['${jsonencode(tls_private_key.ca)}', [KEY]],
    ['${tls_private_key.ca.public_key_pem}', []],
    ['${kubernetes_secret_v1.s.binary_data}', ['kubernetes_secret_v1.s.binary_data']],
    ['${jsonencode(kubernetes_secret.s)}', ['kubernetes_secret.s.data']],
    ['${base64decode(data.kubernetes_secret_v1.s.data["tls.key"])}', ['data.kubernetes_secret_v1.s.data["tls.key"]']],
    ['${data.kubernetes_secret_v1.s.metadata[0].name}', []],
    ['${var.pw}', ['var.pw']],
    ['${var.token}', ['var.token']],
    ['${sensitive(local.name)}', ['a value wrapped in sensitive()']],
    ['${local.n > 3 ? "x" : tls_private_key.ca.private_key_pem}', [KEY]],
    ['${local.key == "" ? var.pw : "x"}', [KEY, 'var.pw']],
    ['%{ if local.n > 9 }${var.pw}%{ endif }', ['var.pw']],
    ['${trimspace(var.pw)}', ['var.pw']],
    ['${lookup({k = var.pw}, "k")}', ['var.pw']],
    ['${lookup({k = "x"}, var.pw, "d")}', ['var.pw']],
    ['${yamlencode({k = var.pw})}', ['var.pw']],
    ['${replace(var.pw, "h", "H")}', ['var.pw']],
    ['${format("%s", var.pw)}', ['var.pw']],
    ['${join(",", [var.pw])}', ['var.pw']],
    ['${element([var.pw], 0)}', ['var.pw']],
    ['${tostring(var.pw)}', ['var.pw']],
    ['${length(var.pw)}', ['var.pw']],
    ['${[for c in [var.pw] : c]}', ['var.pw']],
    ['${{ (var.pw) = 1 }}', ['var.pw']],
    ['${local.m}', [KEY]],
    ['${local.m.x}', []],
  ])('%s', (expr, secrets) => {
    expect(run(expr).secrets).toEqual(secrets);
  });

  test('a sensitive default is computed with but stays a secret', () => {
    expect(run('${nonsensitive(base64encode(var.pw))}')).toMatchObject({ value: 'aHVudGVyMg==', secrets: ['var.pw'], dependsOnVariables: ['pw'] });
  });
});

describe('literal private keys', () => {
  const cases: [string, unknown, string[]][] = [
    ['a PEM string', PEM, [LITERAL]],
    ['an EC key with CRLF line ends', PEM.replace(/RSA/g, 'EC').replace(/\n/g, '\r\n'), [LITERAL]],
    ['a key after leading whitespace', `  \n\t${PEM}`, [LITERAL]],
    ['an OpenSSH key', PEM.replace(/RSA/g, 'OPENSSH'), [LITERAL]],
    ['base64 of a key', b64(PEM), [LITERAL]],
    ['base64 of a key after one leading byte', b64(`\n${PEM}`), [LITERAL]],
    ['base64 of a key after two leading bytes', b64(`  ${PEM}`), [LITERAL]],
    ['base64 of base64 of a key', b64(b64(PEM)), [LITERAL]],
    ['a kubeconfig holding base64 of a key', `users:\n- user:\n    client-key-data: ${b64(PEM)}\n`, [LITERAL]],
    ['a key inside a template', `\${local.name}\n${PEM}`, [LITERAL]],
    ['a key a template assembles', '-----BEGIN ${"RSA"} PRIVATE KEY-----\nMII', [LITERAL]],
    ['a key the evaluator decodes', `\${base64decode("${b64(PEM)}")}`, [LITERAL]],
    ['a local holding a key', '${local.literal}', [LITERAL]],
    ['a local holding base64 of a key', '${base64decode(local.encoded)}', [LITERAL]],
    ['a key nested in a JSON value', { data: { 'tls.key': b64(PEM) } }, [LITERAL]],
    ['a key in an unparsable template', `\${oops ${PEM}`, [LITERAL]],
    ['a certificate', CERT, []],
    ['base64 of a certificate', b64(CERT), []],
    ['long base64 that is no PEM', b64('x'.repeat(300)), []],
  ];
  test.each(cases)('%s', (_name, input, secrets) => {
    const e = run(input);
    expect(e.secrets).toEqual(secrets);
    // Descriptions name the secret, never hold it.
    expect(JSON.stringify([e.secrets, e.unknownReasons])).not.toMatch(/MIIE|PRIVATE KEY|LS0tLS1/);
  });

  test.each<[string, boolean]>([
    [PEM, true],
    [PEM.replace('RSA ', ''), true],
    [PEM.replace(/RSA/g, 'ENCRYPTED'), true],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----', true],
    [b64(PEM), true],
    [`prefix:${b64(PEM)}`, true],
    [b64(`\r\n${PEM}`).replace(/(.{76})/g, '$1\n'), true],
    [CERT, false],
    ['PRIVATE KEY', false],
    ['LS0tLS1CRUdJTi', false],
    ['', false],
  ])('isSecretPem(%j) is %s', (text, expected) => {
    expect(isSecretPem(text)).toBe(expected);
  });
});

describe('references', () => {
  test('are followed through locals, deduplicated and sorted', () => {
    const config: TerraformJson = {
      locals: { a: '${local.b}', b: '${tls_private_key.k.private_key_pem}', c: ['${data.kubernetes_secret_v1.s.data["ca.crt"]}', '${local.a}'] },
    };
    expect(referencesIn('${local.c}-${local.a}', config)).toEqual([
      { mode: 'data', type: 'kubernetes_secret_v1', name: 's', attribute: 'data', path: ['ca.crt'] },
      { mode: 'managed', type: 'tls_private_key', name: 'k', attribute: 'private_key_pem' },
    ]);
  });

  test.each<[string, object[]]>([
    ['${tls_private_key.k.private_key_pem}', [{ mode: 'managed', type: 'tls_private_key', name: 'k', attribute: 'private_key_pem' }]],
    ['${tls_private_key.k}', [{ mode: 'managed', type: 'tls_private_key', name: 'k', attribute: '' }]],
    ['${kubernetes_secret_v1.s.metadata[0].name}', [{ mode: 'managed', type: 'kubernetes_secret_v1', name: 's', attribute: 'metadata', path: [0, 'name'] }]],
    ['${tls_cert_request.r[*].cert_request_pem}', [{ mode: 'managed', type: 'tls_cert_request', name: 'r', attribute: 'cert_request_pem' }]],
    ['${ephemeral.random_password.p.result}', [{ mode: 'ephemeral', type: 'random_password', name: 'p', attribute: 'result' }]],
    ['${local.x}', []],
    ['plain tls_private_key.k.private_key_pem', []],
  ])('%s', (expr, refs) => {
    expect(referencesIn(expr)).toEqual(refs);
  });

  test('a reference in a branch not taken is still reached', () => {
    expect(run('${local.n > 3 ? "x" : tls_cert_request.r.id}').references).toEqual([{ mode: 'managed', type: 'tls_cert_request', name: 'r', attribute: 'id' }]);
  });
});

describe('cycles', () => {
  test.each<[string, string]>([
    ['${local.cyc_a}', 'locals refer to each other in a cycle: local.cyc_a, local.cyc_b'],
    ['${local.cyc_b}', 'locals refer to each other in a cycle: local.cyc_a, local.cyc_b'],
    ['${local.self}', 'locals refer to each other in a cycle: local.self'],
    ['${local.reaches_cycle}', 'locals refer to each other in a cycle: local.cyc_a, local.cyc_b'],
    ['${local.tri_b}', 'locals refer to each other in a cycle: local.tri_a, local.tri_b, local.tri_c'],
  ])('%s', (expr, reason) => {
    expect(run(expr)).toMatchObject({ value: UNKNOWN, unknownReasons: [reason] });
  });

  test('a cycle through one field leaves the others known', () => {
    expect(run('${local.partial_cycle}').value).toEqual({ x: 1, y: UNKNOWN });
  });
});

describe('hostile input never throws and stays bounded', () => {
  const deepJson = (levels: number): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  };
  const chain = (prefix: string, length: number, link: (next: string) => string, end: unknown): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length }, (_, i) => [`${prefix}${i}`, i === length - 1 ? end : link(`local.${prefix}${i + 1}`)]));
  // Released after the block: its memoized locals hold lists of a million elements.
  let config: TerraformJson = {
    locals: {
      ...chain('l', 40, (next) => `\${${next}}`, 'end'),
      ...chain('d', 31, (next) => `\${${next}}\${${next}}`, 'xy'),
      ...chain('c', 31, (next) => `\${concat(${next}, ${next})}`, ['x']),
      ...chain('t', 31, (next) => `\${[${next}, ${next}]}`, 'x'),
    },
  };

  afterAll(() => {
    config = {};
  });

  test.each<[string, unknown, string]>([
    ['deep parentheses', `\${${'('.repeat(100_000)}1${')'.repeat(100_000)}}`, 'unparsable expression: nesting deeper than 64 levels at offset'],
    ['many unary operators', `\${${'!'.repeat(100_000)}true}`, 'unparsable expression: too many unary operators'],
    ['a long operator chain', `\${${'1 + '.repeat(100_000)}1}`, 'expression nested deeper than 100 levels'],
    ['a huge template', `\${"${'x'.repeat(2 << 20)}"}`, 'expression longer than 1048576 characters'],
    ['deep JSON', deepJson(10_000), 'value nested deeper than 100 levels'],
    ['a long chain of locals', '${local.l0}', 'locals chained deeper than 32 levels'],
    ['a doubling string', '${local.d0}', 'a template would build a string over 4194304 characters'],
    ['a doubling list', '${length(local.c0)}', 'evaluation exceeded its work budget of 2000000 steps'],
    ['a shared structure too large to expand', '${local.t0}', 'the value is too large to expand'],
    ['jsonencode of that structure', '${jsonencode(local.t0)}', 'evaluation exceeded its work budget of 2000000 steps'],
    ['an unterminated template', '${local.n', 'unparsable expression: expected "}" at offset 9 in ${local.n'],
    ['an unterminated directive', '%{ if true }x', 'unparsable expression: expected %{ endif } at offset 13'],
    ['a stray endif', 'x%{ endif }', 'unparsable expression: unexpected %{ endif }'],
    ['a bad escape', '${"\\q"}', 'unparsable expression: invalid escape'],
  ])('%s', (_name, input, reason) => {
    const started = Date.now();
    const e = evaluate(config, input);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(e.unknownReasons.some((r) => r.includes(reason))).toBe(true);
  });

  test('a chain of locals is judged the same whichever end is evaluated first', () => {
    const fresh: TerraformJson = { locals: chain('l', 40, (next) => `\${${next}}`, 'end') };
    for (let i = 39; i >= 0; i--) evaluate(fresh, `\${local.l${i}}`);
    expect(evaluate(fresh, '${local.l0}').value).toBe(UNKNOWN);
    expect(evaluate(fresh, '${local.l8}').value).toBe('end');
    expect(evaluate(config, '${local.l8}').value).toBe('end');
  });

  test('the config shape is not trusted', () => {
    for (const bad of [null, 'x', [], { locals: 'x', variable: [1], resource: 5 }, { locals: { __proto__: '${local.__proto__}' } }]) {
      expect(() => evaluate(bad as unknown as TerraformJson, '${local.a}${var.b}${tls_private_key.k.id}')).not.toThrow();
    }
    expect(run('${{ "__proto__" = 1 }}').value).toEqual(JSON.parse('{"__proto__": 1}'));
  });

  test('random templates never throw', () => {
    const token = fc.constantFrom('${', '}', '%{', 'if', 'for', 'in', 'endif', 'else', 'endfor', '~', '"', '\\', '(', ')', '[', ']', '{',
      '.', '*', '...', ',', ':', '?', '=', '=>', '==', '&&', '!', '-', '+', 'local', 'var', 'n', 'm', 'x', '1', '0.5', 'null', 'true',
      'upper', 'try', 'format', 'replace', '<<EOT\n', 'EOT\n', ' ', '\n', '#', '/*', '*/', '$${', '%%{', PEM, b64(PEM));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.string(), (tokens, noise) => {
        const e = evaluate(CONFIG, `\${${tokens.join('')}${noise}`);
        return Array.isArray(e.unknownReasons) && Array.isArray(e.secrets) && !JSON.stringify(e.unknownReasons).includes('MIIE');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('performance', () => {
  test('200k strings of a synthetic plan', () => {
    const clusters = 1000;
    const locals: Record<string, unknown> = { common: { app: 'db', tier: 'data' } };
    const resource: Record<string, Record<string, unknown>> = { tls_private_key: {}, kubernetes_secret_v1: {} };
    for (let c = 0; c < clusters; c++) {
      locals[`name${c}`] = `db-${c}`;
      resource.tls_private_key![`k${c}`] = { algorithm: 'ECDSA' };
    }
    const strings: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const c = i % clusters;
      switch (i % 10) {
        case 0: strings.push(`\${tls_private_key.k${c}.private_key_pem}`); break;
        case 1: strings.push(`\${local.name${c}}-svc.\${var.namespace}.svc`); break;
        case 2: strings.push(`\${base64encode(jsonencode(local.common))}`); break;
        case 3: strings.push(`\${lookup(local.common, "app", "x")}`); break;
        default: strings.push(`plain-value-${i}`);
      }
    }
    const config: TerraformJson = { locals, resource, variable: { namespace: { default: 'scylla' } } };
    const started = process.hrtime.bigint();
    let secret = 0;
    let known = 0;
    for (const s of strings) {
      const e = evaluate(config, s);
      if (e.secrets.length) secret++;
      if (e.value !== UNKNOWN) known++;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`evaluated ${strings.length} strings in ${ms.toFixed(0)} ms`);
    expect(secret).toBe(20_000);
    expect(known).toBe(180_000);
    expect(evaluate(config, strings[1]!).value).toBe('db-1-svc.scylla.svc');
  });

  test('locals are evaluated once per configuration', () => {
    const config: TerraformJson = { locals: { big: `\${[for i in ${JSON.stringify(Array.from({ length: 5000 }, (_, i) => i))} : i * 2]}` } };
    const first = process.hrtime.bigint();
    evaluateExpression(config, '${local.big[0]}');
    const cold = process.hrtime.bigint() - first;
    const second = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) expect(evaluateExpression(config, `\${local.big[${i}]}`).value).toBe(i * 2);
    const warm = (process.hrtime.bigint() - second) / 20n;
    console.log(`local evaluated cold in ${cold / 1000n} µs, from the memo in ${warm / 1000n} µs`);
    expect(warm).toBeLessThan(cold);
  });
});
