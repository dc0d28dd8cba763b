import { describe, expect, it } from 'vitest';
import { parseDocumentText } from './document.js';
import { loadManifest, manifestFromDocument } from './manifest-file.js';

describe('manifest files', () => {
  it('reads the example manifest into SI', () => {
    const m = loadManifest('test/fixtures/forecast-manifest.yaml');
    expect(m.startS).toBe(Date.parse('2026-01-01T00:00:00Z') / 1000);
    expect(m.crew.map((c) => c.count)).toEqual([7, 4, 7]);
    expect(m.flights).toHaveLength(3);
    const f = m.flights[0];
    expect(f?.slipS).toEqual({ mean: 2 * 86400, sd: 5 * 86400 });
    expect(f?.o2Kg).toBe(20);
    expect(f?.n2Kg).toBe(0);
    expect(f?.airKg).toBe(26);
  });

  it('names file, line, field and value of a bad entry', () => {
    const doc = (text: string) => parseDocumentText(text, 'm.yaml');
    expect(() => manifestFromDocument(doc('flights:\n  - { id: a, arrive: soon, o2_kg: 1 }\n'))).toThrow(
      /m\.yaml: line 2, flights\[0\]\.arrive: .*"soon"/,
    );
    expect(() =>
      manifestFromDocument(
        doc('flights:\n  - { id: a, arrive: 2026-01-01T00:00:00Z, o2_kg: 1, failure_probability: 2 }\n'),
      ),
    ).toThrow(/flights\[0\]\.failure_probability: must be ≤ 1 \(got 2\)/);
    expect(() =>
      manifestFromDocument(
        doc(
          'flights:\n  - { id: a, arrive: 2026-01-01T00:00:00Z, o2_kg: 1 }\n  - { id: a, arrive: 2026-02-01T00:00:00Z, n2_kg: 1 }\n',
        ),
      ),
    ).toThrow(/line 3, flights\[1\]\.id: duplicate flight id \(got "a"\)/);
    expect(() =>
      manifestFromDocument(doc('flights:\n  - { id: a, arrive: 2026-01-01T00:00:00Z }\n')),
    ).toThrow(/needs o2_kg, n2_kg or air_kg > 0/);
    expect(() => manifestFromDocument(doc('flight: []\n'))).toThrow(/unknown field 'flight'/);
  });
});
