import { BroadcastAddressType, NodeServiceType, ServiceTrafficPolicy } from '../../constructs';
import { renderExposeOptions } from '../../constructs/scylla/expose';
import { clusterError, minimalProps, RACK, synthCluster } from './fixtures';
import {  } from '../helpers/synth';

describe('exposeOptions rendering', () => {
  test('nothing without options', () => {
    expect(renderExposeOptions(undefined)).toBeUndefined();
    expect(renderExposeOptions({})).toBeUndefined();
  });

  test('member Service settings imply the ClusterIP type the CRD requires', () => {
    expect(renderExposeOptions({ nodeServiceAnnotations: { b: '2', a: '1' } })).toEqual({
      nodeService: { type: 'ClusterIP', annotations: { a: '1', b: '2' } },
    });
  });

  test('load balancers with every option', () => {
    const { manifest } = synthCluster(minimalProps({
      exposeOptions: {
        nodeServiceType: NodeServiceType.LOAD_BALANCER,
        nodeServiceLabels: { exposed: 'yes' },
        loadBalancerClass: 'example.com/internal',
        externalTrafficPolicy: ServiceTrafficPolicy.LOCAL,
        internalTrafficPolicy: ServiceTrafficPolicy.CLUSTER,
        allocateLoadBalancerNodePorts: false,
        broadcastToNodes: BroadcastAddressType.SERVICE_LOAD_BALANCER_INGRESS,
      },
    }));
    expect(manifest.spec.exposeOptions).toEqual({
      nodeService: {
        type: 'LoadBalancer', labels: { exposed: 'yes' }, loadBalancerClass: 'example.com/internal',
        externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: false,
      },
      // Both sides are written: the API server would default the omitted one.
      broadcastOptions: { clients: { type: 'ServiceClusterIP' }, nodes: { type: 'ServiceLoadBalancerIngress' } },
    });
  });

  test('a datacenter can override the cluster options', () => {
    const { json } = synthCluster(minimalProps({
      exposeOptions: { nodeServiceType: NodeServiceType.LOAD_BALANCER },
      datacenters: [
        { name: 'dc1', racks: [RACK], namespace: 'a' },
        { name: 'dc2', racks: [RACK], namespace: 'b', exposeOptions: { nodeServiceType: NodeServiceType.CLUSTER_IP } },
      ],
    }));
    const types = Object.values<any>(json.resource.kubernetes_manifest)
      .map((r) => [r.manifest.spec.datacenter.name, r.manifest.spec.exposeOptions.nodeService.type]);
    expect(types).toEqual([['dc1', 'LoadBalancer'], ['dc2', 'ClusterIP']]);
  });
});

describe('exposeOptions validation (operator webhook)', () => {
  test.each([
    ['Headless Services cannot carry the default ServiceClusterIP broadcast', { nodeServiceType: NodeServiceType.HEADLESS }, 'exposeOptions.broadcastToClients'],
    ['Headless Services cannot carry ServiceClusterIP to nodes', {
      nodeServiceType: NodeServiceType.HEADLESS, broadcastToClients: BroadcastAddressType.POD_IP,
    }, 'exposeOptions.broadcastToNodes'],
    ['ClusterIP Services have no load balancer ingress', {
      broadcastToNodes: BroadcastAddressType.SERVICE_LOAD_BALANCER_INGRESS,
    }, 'exposeOptions.broadcastToNodes'],
    ['unknown Service type', { nodeServiceType: 'NodePort' }, 'exposeOptions.nodeServiceType'],
    ['unknown broadcast type', { broadcastToClients: 'HostIP' }, 'exposeOptions.broadcastToClients'],
    ['load balancer class not a qualified name', { loadBalancerClass: 'not a class' }, 'exposeOptions.loadBalancerClass'],
    ['unknown traffic policy', { externalTrafficPolicy: 'Nearest' }, 'exposeOptions.externalTrafficPolicy'],
  ])('rejects: %s', (_, exposeOptions, field) => {
    expect(clusterError(minimalProps({ exposeOptions: exposeOptions as any }))).toMatchObject({ constructPath: 'test/Db', field });
  });

  test('validates per-datacenter options in the datacenter', () => {
    const err = clusterError(minimalProps({
      datacenters: [{ name: 'dc1', racks: [RACK], exposeOptions: { nodeServiceType: NodeServiceType.HEADLESS } }],
    }));
    expect(err).toMatchObject({ constructPath: 'test/Db/dc1', field: 'exposeOptions.broadcastToClients', value: 'ServiceClusterIP' });
  });
});
