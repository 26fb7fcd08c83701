// Follow buttons without a reload. The cached page is the same for everyone, so each button is a
// plain GET form to /follow (which works with JavaScript off); for a signed-in reader this asks
// /follow/state, one small uncached request, what they follow, shows it, and follows or
// unfollows in place with the token that answer gave.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-follow]');
  if (forms.length === 0 || typeof fetch === 'undefined') return;
  if (document.cookie.split('; ').indexOf('mh_signed_in=1') === -1) return;
  var targets = [];
  for (var i = 0; i < forms.length; i++) targets.push(forms[i].getAttribute('data-follow'));

  function show(form, following, message) {
    var button = form.querySelector('button');
    var label = form.querySelector('[data-follow-label]');
    var status = form.querySelector('[data-follow-status]');
    if (!status && message) {
      // Made only when there is something to say, so the cached page holds no empty live region.
      status = document.createElement('span');
      status.className = 'follow-form__status';
      status.setAttribute('role', 'status');
      status.setAttribute('data-follow-status', '');
      form.appendChild(status);
    }
    form.setAttribute('data-following', following ? '1' : '0');
    if (button) button.setAttribute('aria-pressed', following ? 'true' : 'false');
    if (label) label.textContent = following ? 'Following' : 'Follow';
    if (status) status.textContent = message || '';
  }

  function wire(form, state) {
    var target = form.getAttribute('data-follow');
    show(form, Boolean(state.follows[target]), '');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var following = form.getAttribute('data-following') === '1';
      var body = new URLSearchParams();
      body.set('_csrf', state.csrf);
      body.set('target', target);
      body.set('action', following ? 'unfollow' : 'follow');
      fetch('/follow', { method: 'POST', body: body, credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          if (answer.error) show(form, following, answer.error.message);
          else show(form, answer.following, answer.following ? 'You follow this now. Choose alerts in your account.' : 'You no longer follow this.');
        })
        .catch(function () {
          // The plain form still works: send it as it is.
          form.submit();
        });
    });
  }

  fetch('/follow/state?targets=' + encodeURIComponent(targets.join(',')), { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (state) {
      if (!state || !state.signedIn) return;
      for (var j = 0; j < forms.length; j++) wire(forms[j], state);
    })
    .catch(function () {});
})();
