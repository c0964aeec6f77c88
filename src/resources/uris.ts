/** The resource URIs of datasets, their versions and their files. */

export const DATASET_URI = 'paperspace://datasets/{datasetId}';
export const VERSION_URI = 'paperspace://datasets/{datasetId}/versions/{version}';
export const FILE_URI = 'paperspace://datasets/{datasetId}/versions/{version}/files/{+path}';

export const datasetUri = (datasetId: string) => `paperspace://datasets/${encodeURIComponent(datasetId)}`;
export const versionUri = (datasetId: string, version: string) =>
  `${datasetUri(datasetId)}/versions/${encodeURIComponent(version)}`;
export const fileUri = (datasetId: string, version: string, path: string) =>
  `${versionUri(datasetId, version)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
