import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/.server/auth";
import { assertSameOrigin } from "~/.server/forms";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  return signOut(request);
}

// Signing out changes state, so it is POST only; a GET just goes home.
export function loader() {
  return redirect("/");
}
