export async function writeViewFile(dir: string, file: string, text: string): Promise<void> {
  throw new Error('not implemented yet');
}
export async function removeViewFile(dir: string, file: string): Promise<void> {
  throw new Error('not implemented yet');
}
