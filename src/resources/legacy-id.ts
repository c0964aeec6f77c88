/**
 * The Gradient CLI named a dataset version `dsXXXX:version`; the current API uses
 * `/datasets/{datasetId}/versions/{version}`. Accepts the legacy form wherever a version is named.
 */
export function splitLegacyVersionId(value: string): { datasetId: string; version: string } | undefined {
  const index = value.indexOf(':');
  if (index <= 0 || index === value.length - 1) return undefined;
  return { datasetId: value.slice(0, index), version: value.slice(index + 1) };
}
