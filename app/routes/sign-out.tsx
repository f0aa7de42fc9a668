import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { signOut, signOutEverywhere } from "~/.server/auth";
import { readForm } from "~/.server/platform";

// "scope=everywhere" (the button on /organise) ends every session of the signed-in person.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  return form.scope === "everywhere" ? signOutEverywhere(request) : signOut(request);
}

// Signing out changes state, so it is POST only; a GET just goes home.
export function loader() {
  return redirect("/");
}
