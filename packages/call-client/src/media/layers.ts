/**
 * Simulcast choices. Cameras send three layers (a quarter, half and full resolution); a receiver
 * asks for the smallest layer that still fills the size it renders, so a thumbnail never pulls
 * the full-resolution stream.
 */

export interface SimulcastEncoding {
  rid: string;
  scaleResolutionDownBy: number;
  maxBitrate: number;
}

/** 1280×720 capture → 320, 640 and 1280 pixels wide. */
export const CAMERA_ENCODINGS: readonly SimulcastEncoding[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

/** A screen is one sharp layer: text must stay readable, and it changes rarely. */
export const SCREEN_ENCODINGS: readonly { maxBitrate: number }[] = [{ maxBitrate: 1_500_000 }];

/** Widths of the layers for a given capture width (layer i is capture / 4, / 2, / 1). */
export function layerWidths(captureWidth: number): number[] {
  return CAMERA_ENCODINGS.map((e) => Math.round(captureWidth / e.scaleResolutionDownBy));
}

/**
 * The spatial layer for a rendered size in device pixels: the smallest layer at least as wide,
 * or the top one. A hidden element (width 0) takes the lowest.
 */
export function spatialLayerFor(renderedWidth: number, captureWidth = 1280): number {
  const widths = layerWidths(captureWidth);
  if (renderedWidth <= 0) return 0;
  const index = widths.findIndex((w) => w >= renderedWidth * 0.9);
  return index === -1 ? widths.length - 1 : index;
}
