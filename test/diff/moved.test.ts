import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformResource, TerraformStack } from 'cdktf';
import { ScyllaCluster } from '../../constructs';
import { diffPosture } from '../../constructs/policy/diff';
import { removeAll, synthVariant, Variant } from './fixtures';

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
