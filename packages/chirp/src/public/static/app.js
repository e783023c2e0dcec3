// The Chirp page: it only talks to the JSON API, like any other client would.
const timeline = document.querySelector('#timeline');
const more = document.querySelector('#more');
const error = document.querySelector('#error');
let cursor = null;

function render(chirp) {
  const item = document.createElement('li');
  const who = document.createElement('strong');
  who.textContent = `@${chirp.author}`;
  const when = document.createElement('time');
  when.dateTime = chirp.createdAt;
  when.textContent = new Date(chirp.createdAt).toLocaleString();
  const text = document.createElement('p');
  text.textContent = chirp.text;
  item.append(who, ' ', when, text);
  return item;
}

async function loadPage() {
  const query = cursor ? `?before=${encodeURIComponent(cursor)}` : '';
  const res = await fetch(`/api/chirps${query}`);
  const page = await res.json();
  timeline.append(...page.chirps.map(render));
  cursor = page.nextCursor;
  more.hidden = cursor === null;
}

document.querySelector('#compose').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const res = await fetch('/api/chirps', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ author: form.get('author'), text: form.get('text') }),
  });
  const body = await res.json();
  if (!res.ok) {
    error.textContent = body.error;
    return;
  }
  error.textContent = '';
  timeline.prepend(render(body));
  event.target.elements.text.value = '';
});

more.addEventListener('click', loadPage);

fetch('/healthz')
  .then((res) => res.json())
  .then((health) => {
    document.querySelector('#instance').textContent = `answered by ${health.instance}`;
  });

loadPage();
