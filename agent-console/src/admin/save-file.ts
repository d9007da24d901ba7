/**
 * Hands a file the server made (a CSV) to the browser's downloads, under the server's name. The
 * object URL is let go a little later: revoking it at once can cancel the download in some browsers.
 */
export function saveFile({ blob, fileName }: { blob: Blob; fileName: string }): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
