import { Severity } from '../model';
import { clean, PolicyReport } from './model';

// report.sarif: SARIF 2.1.0 for code scanning.

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0' };

function pascal(title: string): string {
  return title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
}

/** `report.sarif`: SARIF 2.1.0, one result per violation, located at the construct path and the synthesized stack file. */
export function renderSarif(report: PolicyReport): object {
  const results = report.stacks.flatMap((st) => st.rules.flatMap((r) => {
    const rule = report.rules.find((x) => x.id === r.id)!;
    const ruleIndex = report.rules.indexOf(rule);
    const location = (path: string): object => ({
      physicalLocation: { artifactLocation: { uri: st.synthesizedFile, uriBaseId: 'CDKTF_OUT' } },
      logicalLocations: [{ fullyQualifiedName: path, kind: 'resource' }],
    });
    return [
      ...r.violations.map((v) => clean({
        ruleId: r.id,
        ruleIndex,
        level: SARIF_LEVEL[rule.severity],
        message: { text: `${v.path}: ${v.message}. ${rule.fix}` },
        locations: [location(v.path)],
        partialFingerprints: { constructPath: `${r.id}/${v.path}` },
        suppressions: v.waiver ? [clean({
          kind: 'inSource',
          status: 'accepted',
          justification: `${v.waiver.reason}${v.waiver.approvedBy ? ` (approved by ${v.waiver.approvedBy})` : ''}`,
          location: location(v.waiver.path),
        })] : undefined,
      })),
      ...r.undecided.map((u) => ({
        ruleId: r.id,
        ruleIndex,
        kind: 'review',
        level: 'none',
        message: { text: `${u.path}: not decidable at synth: ${u.message}.` },
        locations: [location(u.path)],
        partialFingerprints: { constructPath: `${r.id}/${u.path}/undecided` },
      })),
    ];
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'tlsfleet',
          version: report.tool.version,
          rules: report.rules.map((r) => ({
            id: r.id,
            name: pascal(r.title),
            shortDescription: { text: r.title },
            fullDescription: { text: r.description },
            help: { text: r.fix },
            defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            properties: { tags: ['security', 'tls'], 'security-severity': SECURITY_SEVERITY[r.severity] },
          })),
        },
      },
      originalUriBaseIds: { CDKTF_OUT: { description: { text: 'The cdktf synth output directory (cdktf.out).' } } },
      results,
    }],
  };
}

