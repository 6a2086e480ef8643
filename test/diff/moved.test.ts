import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformResource, TerraformStack } from 'cdktf';
import { ScyllaCluster } from '../../constructs';
import { diffPosture } from '../../constructs/policy/diff';
import { removeAll, synthVariant, Variant } from './fixtures';
import { synthToFile } from '../helpers/synth';
import { declareFleet, FLEET, FleetCluster, Form } from '../scylla/client-set-fleet';

// Terraform replaces a key when its block's address changes, unless a `moved` block carries the state over.
// The diff reads the head's moved blocks: a renamed key with a moved block is the same key; without one it is
// re-keyed, and the comment says so.

const dirs: string[] = [];
const synth = (v: Variant = {}): string => {
  const d = synthVariant(v);
  dirs.push(d);
  return d;
};
afterAll(() => removeAll(dirs));

const ORDERS = 'alternator-tls/Shop/Orders/Certificate/';
const BLOCKS = ['Key', 'Request', 'Resource'];
/** The Orders key, request and certificate get new addresses; their construct paths stay. */
const renamed = (path: string, id: string): string => (BLOCKS.some((b) => path === ORDERS + b) ? `renamed_${id}` : id);

/** The moved blocks that keep the renamed blocks' state (their cdktf ids are what the base used). */
const movedBlocks = (changeCurve = false) => (stack: TerraformStack, cluster: ScyllaCluster): void => {
  const cert = cluster.node.findChild('Orders').node.findChild('Certificate');
  const blocks = BLOCKS.map((id) => cert.node.findChild(id) as TerraformResource);
  stack.addOverride('moved', blocks.map((block) => {
    const cdktfId = TerraformStack.prototype['allocateLogicalId'].call(stack, block);
    return { from: `${block.terraformResourceType}.${cdktfId}`, to: `${block.terraformResourceType}.renamed_${cdktfId}` };
  }));
  if (changeCurve) blocks[0].addOverride('ecdsa_curve', 'P384');
};

describe('the diff follows moved blocks', () => {
  let base: string;
  beforeAll(() => { base = synth(); });

  test('renamed blocks without moved blocks: the Orders key is reported re-keyed', () => {
    const d = diffPosture(base, synth({ logicalIds: renamed }));
    expect(d.markdown).toMatch(/Re-keyed: `alternator-tls\/Shop\/Orders\/Certificate`/);
  });

  test('renamed blocks with moved blocks: no change', () => {
    const head = synth({ logicalIds: renamed, tweak: movedBlocks() });
    // The rename took: the head's plan has the new addresses.
    expect(readFileSync(join(head, 'stacks', 'alternator-tls', 'cdk.tf.json'), 'utf8')).toMatch(/"renamed_Shop_Orders_Certificate_Key_[0-9A-F]{8}"/);
    const d = diffPosture(base, head);
    expect(d.markdown).toMatch(/^\*\*tlsfleet posture diff: no change\*\*/);
    expect(d.worse).toBe(0);
  });

  test('moved, but the key block itself changed: still re-keyed', () => {
    const d = diffPosture(base, synth({ logicalIds: renamed, tweak: movedBlocks(true) }));
    expect(d.markdown).toMatch(/Re-keyed: `alternator-tls\/Shop\/Orders\/Certificate`/);
  });
});

describe('switching a fleet from addClient to addClientSet', () => {
  const outdirs: string[] = [];
  afterAll(() => removeAll(outdirs));
  const synthForm = (form: Form, fleet?: FleetCluster[]): string => {
    const { outdir } = synthToFile((stack) => { declareFleet(stack, { form, fleet }); });
    outdirs.push(outdir);
    return outdir;
  };

  test('the diff says no change: every key and certificate moves to its instance with the same inputs', () => {
    const d = diffPosture(synthForm('default'), synthForm('set'));
    expect(d.markdown).toMatch(/^\*\*tlsfleet posture diff: no change\*\*/);
  });

  test('a client whose subject changes in the same pull request is still reported re-issued', () => {
    const changed = FLEET.map((c, i) => (i === 0 ? { ...c, clients: c.clients.map((m) => (m.id === 'Orders' ? { ...m, subject: { commonName: 'orders', organization: 'Shop' } } : m)) } : c));
    const d = diffPosture(synthForm('default'), synthForm('set', changed));
    expect(d.markdown).toMatch(/test\/Db\/Orders\/Certificate/);
    expect(d.markdown).toMatch(/subject `\/CN=orders` → `\/O=Shop\/CN=orders`/);
  });
});
