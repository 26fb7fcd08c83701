// The tip form with JavaScript on: solves the form's proof-of-work challenge in the background
// (without it a tip still goes through, held to a tighter limit), and sends the form itself so
// each file shows how much of it has been sent. The answer is the same page the plain form gets.
(function () {
  'use strict';

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  // Tries every number up to the challenge's maximum, a batch at a time, so the page stays responsive.
  function solve(challenge) {
    if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) return Promise.resolve(null);
    var encoder = new TextEncoder();
    var n = 0;
    function batch() {
      var tries = [];
      for (var i = 0; i < 500 && n <= challenge.max; i++, n++) tries.push(n);
      if (tries.length === 0) return Promise.resolve(null);
      return Promise.all(tries.map(function (k) {
        return window.crypto.subtle.digest('SHA-256', encoder.encode(challenge.salt + k)).then(function (d) { return hex(d) === challenge.challenge ? k : -1; });
      })).then(function (found) {
        for (var j = 0; j < found.length; j++) if (found[j] >= 0) return challenge.salt + ':' + found[j] + ':' + challenge.signature;
        return batch();
      });
    }
    return batch();
  }

  function progressList(form) {
    var list = form.querySelector('[data-tip-progress]');
    var files = [];
    var inputs = form.querySelectorAll('input[type=file]');
    for (var i = 0; i < inputs.length; i++) for (var j = 0; j < inputs[i].files.length; j++) files.push(inputs[i].files[j]);
    if (!list || files.length === 0) return function () {};
    list.textContent = '';
    var rows = files.map(function (file) {
      var item = document.createElement('li');
      var label = document.createElement('span');
      var bar = document.createElement('progress');
      bar.max = Math.max(1, file.size);
      bar.value = 0;
      label.textContent = file.name + ': waiting';
      bar.setAttribute('aria-label', 'Sending ' + file.name);
      item.appendChild(label);
      item.appendChild(bar);
      list.appendChild(item);
      return { file: file, label: label, bar: bar };
    });
    var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    return function (loaded, all) {
      // The text fields travel first; what is left is the files, in order.
      var sent = Math.max(0, loaded - Math.max(0, all - total));
      rows.forEach(function (row) {
        var part = Math.min(row.file.size, sent);
        sent -= part;
        row.bar.value = part;
        var pct = row.file.size ? Math.round((100 * part) / row.file.size) : 100;
        row.label.textContent = row.file.name + ': ' + (pct >= 100 ? 'sent' : pct + '%');
      });
    };
  }

  function enhance(form) {
    var proof = form.querySelector('[data-tip-proof]');
    var raw = form.getAttribute('data-challenge');
    var solving = Promise.resolve(null);
    if (proof && raw) {
      try {
        solving = solve(JSON.parse(raw)).then(function (answer) {
          if (answer) proof.value = answer;
          return answer;
        });
      } catch (ignored) { // eslint-disable-line @typescript-eslint/no-unused-vars
        solving = Promise.resolve(null);
      }
    }
    form.addEventListener('submit', function (event) {
      if (typeof XMLHttpRequest === 'undefined' || typeof FormData === 'undefined') return;
      event.preventDefault();
      var button = form.querySelector('button[type=submit]');
      if (button) {
        button.disabled = true;
        button.textContent = 'Sending…';
      }
      var show = progressList(form);
      solving.then(function () {
        var xhr = new XMLHttpRequest();
        xhr.open('POST', form.action);
        xhr.responseType = 'document';
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) show(e.loaded, e.total); };
        xhr.onload = function () {
          var doc = xhr.response;
          if (!doc || !doc.body) return form.submit();
          document.title = doc.title;
          document.body.replaceWith(document.adoptNode(doc.body));
          window.scrollTo(0, 0);
          var heading = document.querySelector('main h1');
          if (heading) {
            heading.setAttribute('tabindex', '-1');
            heading.focus();
          }
          start();
        };
        xhr.onerror = function () {
          if (button) {
            button.disabled = false;
            button.textContent = 'Send again';
          }
          var list = form.querySelector('[data-tip-progress]');
          if (list) list.textContent = 'The connection failed before everything was sent; nothing was kept. Check your connection and send again.';
        };
        xhr.send(new FormData(form));
      });
    });
  }

  function start() {
    var forms = document.querySelectorAll('form[data-tip-form]');
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }
  start();
})();
