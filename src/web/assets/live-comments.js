// Live comments: new approved comments and the count appear without a reload. The page works
// fully without this script; it only listens to the story's event stream and adds what arrives.
(function () {
  'use strict';
  var section = document.querySelector('section[data-live]');
  if (!section) return;
  // The cached page is the same for everyone; a signed-in reader is not asked to sign in.
  if (document.cookie.split('; ').indexOf('mh_signed_in=1') !== -1) {
    var prompt = section.querySelector('.conversation__signin');
    if (prompt) prompt.hidden = true;
  }
  if (typeof EventSource === 'undefined') return;
  var thread = section.querySelector('[data-thread]');
  var sort = section.getAttribute('data-sort');
  var source = new EventSource(section.getAttribute('data-live'));
  source.addEventListener('open', function () {
    section.setAttribute('data-live-state', 'open');
  });

  function parse(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  function read(event) {
    try {
      return JSON.parse(event.data);
    } catch {
      return null;
    }
  }

  source.addEventListener('count', function (event) {
    var data = read(event);
    if (!data) return;
    var counters = document.querySelectorAll('[data-comment-count]');
    for (var i = 0; i < counters.length; i++) counters[i].textContent = data.label;
  });

  source.addEventListener('comment', function (event) {
    var data = read(event);
    if (!data || !thread) return;
    var node = parse(data.html);
    if (!node) return;
    node.classList.add('comment--new');
    var existing = document.getElementById('comment-' + data.id);
    if (existing) {
      // An edit: keep the replies already on the page.
      var replies = existing.querySelector(':scope > ol.comment__replies');
      if (replies && !node.querySelector(':scope > ol.comment__replies')) node.appendChild(replies);
      existing.replaceWith(node);
      return;
    }
    if (data.parentId) {
      var parent = document.getElementById('comment-' + data.parentId);
      if (!parent) return;
      var list = parent.querySelector(':scope > ol.comment__replies');
      if (!list) {
        list = document.createElement('ol');
        list.className = 'comment__replies';
        var more = parent.querySelector(':scope > .comment__more');
        parent.insertBefore(list, more);
      }
      list.appendChild(node);
    } else if (sort === 'newest') {
      thread.insertBefore(node, thread.firstChild);
    } else if (sort === 'oldest' && !section.querySelector('a[rel="next"]')) {
      thread.appendChild(node);
    }
    var empty = section.querySelector('.conversation__empty');
    if (empty) empty.remove();
  });

  source.addEventListener('removed', function (event) {
    var data = read(event);
    var node = data && document.getElementById('comment-' + data.id);
    if (!node) return;
    if (node.querySelector(':scope > ol.comment__replies > li')) {
      var article = node.querySelector(':scope > article');
      if (article) article.innerHTML = '<p class="comment__removed">This comment is not available.</p>';
    } else {
      node.remove();
    }
  });
})();
