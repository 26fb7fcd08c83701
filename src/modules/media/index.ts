export { storeImage, ImageRejectedError, MAX_IMAGE_BYTES } from './media.service.ts';
export type { ImageMetadata } from './media.service.ts';
export { getLibraryItem, heroMediaJson, LIBRARY_PAGE_SIZE, listLibrary, loadMedia, mediaFromJson } from './media.repository.ts';
export type { LibraryItem, MediaView, Rendition } from './media.repository.ts';
export { renditionWidths } from './renditions.ts';
