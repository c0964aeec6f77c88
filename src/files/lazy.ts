/**
 * The file operations, loaded on the first file call: a server that never touches a dataset file
 * does not parse them at start-up (they and the AWS SDK sit in chunks of their own).
 */
export const fileOps = () => import('./operations.js');
export const createOps = () => import('./create-version.js');
export const getOps = () => import('./get-files.js');
