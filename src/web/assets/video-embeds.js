// Click-to-load video: the page shows a link to the video on YouTube or Vimeo and makes no request
// to either. When the reader presses it, the player is put in its place, playing.
document.addEventListener('click', (event) => {
  const link = event.target && event.target.closest ? event.target.closest('.video-embed__link') : null;
  const figure = link ? link.closest('figure[data-player]') : null;
  if (!link || !figure || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  const frame = document.createElement('iframe');
  frame.src = figure.getAttribute('data-player');
  frame.title = figure.getAttribute('data-title') || 'Video';
  frame.className = 'video-embed__frame';
  frame.allow = 'autoplay; encrypted-media; fullscreen; picture-in-picture';
  frame.allowFullscreen = true;
  frame.referrerPolicy = 'strict-origin-when-cross-origin';
  link.replaceWith(frame);
  frame.focus();
});
