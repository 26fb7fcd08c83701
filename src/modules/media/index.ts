export { logMedia, MAX_VIDEO_BYTES, setVideoPoster, storeImage, storeUploadedFile, storeVideo, ImageRejectedError, MAX_IMAGE_BYTES } from './media.service.ts';
export type { ImageMetadata, MediaActor } from './media.service.ts';
export { sniffVideo } from './video-file.ts';
export { getLibraryItem, heroMediaJson, LIBRARY_PAGE_SIZE, listLibrary, loadMedia, mediaFromJson } from './media.repository.ts';
export type { LibraryItem, MediaView, Rendition } from './media.repository.ts';
export { renditionWidths } from './renditions.ts';
export { makeSiteIcon, makeSiteLogo } from './site-images.ts';
export type { SiteIcon, SiteLogo } from './site-images.ts';
