/** Any path no route matches: the root ErrorBoundary shows the GOV.UK 404 page. */
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export function action() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
