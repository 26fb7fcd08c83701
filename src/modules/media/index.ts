export { storeImage, ImageRejectedError, MAX_IMAGE_BYTES } from './media.service.ts';
export type { ImageMetadata } from './media.service.ts';
export { heroMediaJson, loadMedia, mediaFromJson } from './media.repository.ts';
export type { MediaView, Rendition } from './media.repository.ts';
export { renditionWidths } from './renditions.ts';
