import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import govukCss from "govuk-frontend/dist/govuk/govuk-frontend.min.css?url";
import { useEffect, type ReactNode } from "react";
import { getSignedInEmail, takeFlash } from "./.server/auth";
import { NotificationBanner } from "./components/govuk";
import appCss from "./styles/app.css?url";
import { useNonce } from "./nonce";
import { isWideLayout, refreshWithoutScript } from "./domain/layout";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: govukCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/assets/images/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/assets/images/favicon.svg", sizes: "any", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Pitchgrid" }];

/** A thrown 429 keeps its Retry-After on the rendered error page. */
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers();
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [email, { flash, headers }] = await Promise.all([getSignedInEmail(request), takeFlash(request)]);
  return data({ email, flash }, { headers });
}

/**
 * The success banner comes from a one-time flash the root loader reads. Remix does not run
 * loaders again after a form that fails (4xx), so with JavaScript the previous banner ("1 place
 * released") would stay above the new error summary: after any form submission the root loader
 * runs again, and the flash it finds (none, once shown) replaces the old one. Without JavaScript
 * the failed form's page is a new document, which has no flash either.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod.toUpperCase() !== "GET" ? true : defaultShouldRevalidate;

function Page({ children, email }: { children: ReactNode; email: string | null }) {
  const nonce = useNonce();
  // Grid pages use the whole window (see wideLayout in app/domain/layout.ts).
  const matches = useMatches();
  const wide = matches.some((m) => isWideLayout(m.handle));
  const refresh = matches.map((m) => refreshWithoutScript(m.handle)).find((s) => s !== null) ?? null;
  useEffect(() => {
    // GOV.UK Frontend's JavaScript enhances components once React has hydrated the page.
    document.body.classList.add("js-enabled", "govuk-frontend-supported");
    void import("govuk-frontend").then(({ initAll }) => initAll());
  }, []);
  return (
    <html lang="en-GB" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <meta name="description" content="Pitchgrid: register for an unconference run by UK councils and local government networks, pitch sessions, and follow the day's schedule." />
        <Meta />
        {refresh ? (
          <noscript>
            <meta httpEquiv="refresh" content={String(refresh)} />
          </noscript>
        ) : null}
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        {/* The phase banner sits inside the header landmark (GOV.UK guidance), under the header bar. */}
        <header>
          <div className="govuk-header" data-module="govuk-header">
            <div className="govuk-header__container govuk-width-container pg-header">
              <div className="govuk-header__logo">
                <Link to="/" className="govuk-header__link govuk-header__link--homepage">
                  <span className="govuk-header__product-name pg-product-name">Pitchgrid</span>
                </Link>
              </div>
              <nav aria-label="Account" className="pg-account-nav">
                {email ? (
                  <>
                    <Link className="govuk-header__link" to="/organise">
                      Your events
                    </Link>
                    <form method="post" action="/sign-out" className="pg-inline-form">
                      <button type="submit" className="pg-link-button govuk-header__link">
                        Sign out <span className="govuk-visually-hidden">{email}</span>
                      </button>
                    </form>
                  </>
                ) : (
                  <Link className="govuk-header__link" to="/sign-in">
                    Organiser sign in
                  </Link>
                )}
              </nav>
            </div>
          </div>
          <div className={wide ? "govuk-width-container pg-wide" : "govuk-width-container"}>
            <div className="govuk-phase-banner">
              <p className="govuk-phase-banner__content">
                <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
                <span className="govuk-phase-banner__text">
                  This is a new service, shared by councils. Tell the organisers of your event what could be better.
                </span>
              </p>
            </div>
          </div>
        </header>
        <div className={wide ? "govuk-width-container pg-wide" : "govuk-width-container"}>
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/accessibility">
                      Accessibility
                    </Link>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/privacy">
                      Privacy
                    </Link>
                  </li>
                </ul>
                <span className="govuk-footer__licence-description">
                  Pitchgrid is open source, built and shared by the UK local government digital community.
                </span>
              </div>
            </div>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  return <Page email={root?.email ?? null}>{children}</Page>;
}

export default function App() {
  const { flash } = useLoaderData<typeof loader>();
  return (
    <>
      {flash ? <NotificationBanner success>{flash}</NotificationBanner> : null}
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === "string" && error.data.length < 300 ? error.data : null;
    if (error.status === 404) {
      return (
        <>
          <title>Page not found – Pitchgrid</title>
          <h1 className="govuk-heading-l">Page not found</h1>
          <p className="govuk-body">{message && message !== "Not Found" ? message : "If you typed the web address, check it is correct."}</p>
          <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/">
              See upcoming events
            </Link>
          </p>
        </>
      );
    }
    const titles: Record<number, string> = {
      400: "There is a problem with your request",
      403: "You cannot see this page",
      405: "That action is not available here",
      409: "Someone else changed this first",
      429: "Too many attempts",
    };
    const title = titles[error.status] ?? "Sorry, there is a problem";
    return (
      <>
        <title>{`${title} – Pitchgrid`}</title>
        <h1 className="govuk-heading-l">{title}</h1>
        {message ? <p className="govuk-body">{message}</p> : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to the Pitchgrid home page
          </Link>
        </p>
      </>
    );
  }
  console.error(error);
  return (
    <>
      <title>Sorry, there is a problem with the service – Pitchgrid</title>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Nothing you entered has been lost if you saw a confirmation.</p>
    </>
  );
}
