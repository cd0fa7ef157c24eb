//! `/`: the gallery. Hero (sign in, or the masked key, Sign out and the way into the chat), every
//! variant with its code, every size, the options, light and dark side by side, the playground
//! and how to use the crate in another Yew app.
//!
//! Every button here signs in through the auth store: none is given an `onclick`.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::config::{OAUTH_DOCS_URL, REPOSITORY_URL};
use crate::lazy::{split_point, ChunkError, Lazy, LazyPart, Part};
use crate::widgets::{AuthAlert, CodeBlock, KeyDetailsPart, KeyOptions, Playground};
use yew_openrouter::auth::use_auth;
use yew_openrouter::components::{ButtonSize, ButtonVariant, LogoPosition, SignInButton};

/// The home page: the hero, then the gallery below it.
///
/// The gallery's code is a wasm chunk of its own in the release build ([`GalleryPart`]): the
/// hero (and its sign-in button) works as soon as the main module is there, and on a prerendered
/// page the gallery stays visible as prerendered until its chunk has hydrated it.
#[component]
pub fn HomePage() -> Html {
    html! {
        <div class="container">
            <Hero />
            <Lazy part={Part::of::<GalleryPart>()} />
        </div>
    }
}

split_point! {
    /// The gallery, once its chunk is there.
    fn gallery_part() -> Html in gallery as GALLERY_SPLIT { html! { <Gallery /> } }
}

/// The gallery below the hero as a part of its own ([`crate::lazy`]) that hydrates the
/// prerendered gallery: until its chunk is there, the prerendered gallery stays as served (a
/// page rendered afresh says it is loading it).
pub struct GalleryPart;

impl LazyPart for GalleryPart {
    const HYDRATES: bool = true;

    fn load() -> impl std::future::Future<Output = Result<Html, ChunkError>> + 'static {
        gallery_part()
    }

    fn loading() -> Html {
        html! { <p class="gallery-loading" role="status">{ "Loading the gallery…" }</p> }
    }

    /// Not shown: a hydrating part keeps the prerendered gallery and tries again by itself.
    fn failed(_retry: Callback<MouseEvent>) -> Html {
        Self::loading()
    }
}

/// Everything below the hero: contents, variants, sizes, options, light and dark, the
/// playground and the guide.
#[component]
pub fn Gallery() -> Html {
    html! {
        <>
            <nav class="toc" aria-label="On this page">
                <a href="#variants">{ "Variants" }</a>
                <a href="#sizes">{ "Sizes" }</a>
                <a href="#options">{ "Options" }</a>
                <a href="#themes">{ "Light & dark" }</a>
                <a href="#playground">{ "Playground" }</a>
                <a href="#use-it">{ "Use it" }</a>
            </nav>
            <Variants />
            <Sizes />
            <Options />
            <Themes />
            <section id="playground" class="section" aria-labelledby="playground-title">
                <h2 id="playground-title">{ "Playground" }</h2>
                <p class="section-intro">
                    { "Compose your button, try it (it really signs in), and copy its code." }
                </p>
                <Playground />
            </section>
            <UseIt />
        </>
    }
}

/// The top of the page: what this is, any sign-in error, and the big button or the masked key.
#[component]
fn Hero() -> Html {
    let auth = use_auth();
    html! {
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">{ "Sign In with OpenRouter" }</h1>
            <p class="hero-subtitle">
                { "Sign-in buttons for Yew apps, built on " }
                <a href={OAUTH_DOCS_URL}>{ "OpenRouter OAuth" }</a>
                { " (PKCE): no backend, no client secret. Visitors bring their own API key." }
            </p>
            <AuthAlert />
            if let Some(key) = auth.key() {
                <div class="signed-in">
                    <p>{ "Signed in with key " }<code data-testid="masked-key">{ key.masked() }</code></p>
                    <Lazy key="key-details" part={Part::of::<KeyDetailsPart>()} />
                    <div class="signed-in-actions">
                        <Link<Route> to={Route::Chat} classes={classes!("button-primary")}>{ "Open the chat" }</Link<Route>>
                    </div>
                </div>
            } else {
                <SignInButton variant={ButtonVariant::Branded} size={ButtonSize::Xl} />
                <KeyOptions />
            }
        </section>
    }
}

/// `variant={ButtonVariant::…}` code for a variant card.
fn variant_code(variant: ButtonVariant) -> String {
    [
        "<SignInButton variant={",
        crate::widgets::playground::variant_path(variant),
        "} />",
    ]
    .concat()
}

#[component]
fn Variants() -> Html {
    html! {
        <section id="variants" class="section" aria-labelledby="variants-title">
            <h2 id="variants-title">{ "Variants" }</h2>
            <div class="card-grid">
                { for ButtonVariant::ALL.into_iter().map(|variant| html! {
                    <article class="card" data-testid={["variant-", variant.name()].concat()}>
                        <h3 class="card-label">{ variant.name() }</h3>
                        <div class="card-demo"><SignInButton {variant} /></div>
                        <CodeBlock code={variant_code(variant)} />
                    </article>
                }) }
            </div>
        </section>
    }
}

#[component]
fn Sizes() -> Html {
    html! {
        <section id="sizes" class="section" aria-labelledby="sizes-title">
            <h2 id="sizes-title">{ "Sizes" }</h2>
            <p class="section-intro">
                { "Every variant in every size: 32, 40, 48 and 56 px high. The label is shortened \
                   to \u{201c}Sign in\u{201d} here so a row fits." }
            </p>
            <div class="size-scroll" role="region" aria-label="Every variant in every size" tabindex="0">
                <table class="size-table">
                    <thead>
                        <tr>
                            <th scope="col"><span class="visually-hidden">{ "Variant" }</span></th>
                            { for ButtonSize::ALL.into_iter().map(|size| html! { <th scope="col">{ size.name() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for ButtonVariant::ALL.into_iter().map(|variant| html! {
                            <tr>
                                <th scope="row">{ variant.name() }</th>
                                { for ButtonSize::ALL.into_iter().map(|size| html! {
                                    <td data-testid={["size-", variant.name(), "-", size.name()].concat()}>
                                        <SignInButton {variant} {size} label="Sign in" />
                                    </td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Options() -> Html {
    let card = |testid: &'static str, title: &'static str, button: Html, code: &'static str| {
        html! {
            <article class="card" data-testid={testid}>
                <h3 class="card-label">{ title }</h3>
                <div class="card-demo">{ button }</div>
                <CodeBlock code={code} />
            </article>
        }
    };
    html! {
        <section id="options" class="section" aria-labelledby="options-title">
            <h2 id="options-title">{ "Options" }</h2>
            <div class="card-grid">
                { card("option-custom-label", "Custom label",
                    html! { <SignInButton label="Connect OpenRouter" /> },
                    r#"<SignInButton label="Connect OpenRouter" />"#) }
                { card("option-logo-right", "Logo right",
                    html! { <SignInButton logo_position={LogoPosition::Right} /> },
                    "<SignInButton logo_position={LogoPosition::Right} />") }
                { card("option-no-logo", "No logo",
                    html! { <SignInButton show_logo={false} /> },
                    "<SignInButton show_logo={false} />") }
                { card("option-loading", "Loading",
                    html! { <SignInButton loading={true} /> },
                    "<SignInButton loading={true} />") }
                { card("option-disabled", "Disabled",
                    html! { <SignInButton disabled={true} /> },
                    "<SignInButton disabled={true} />") }
            </div>
        </section>
    }
}

#[component]
fn Themes() -> Html {
    let panel = |theme: &'static str, title: &'static str| {
        html! {
            <div class="preview" data-theme={theme} data-testid={["preview-", theme].concat()}>
                <h3 class="card-label">{ title }</h3>
                <ul class="preview-list">
                    { for ButtonVariant::ALL.into_iter().map(|variant| html! {
                        <li>
                            <span class="preview-name">{ variant.name() }</span>
                            <SignInButton {variant} />
                        </li>
                    }) }
                </ul>
            </div>
        }
    };
    html! {
        <section id="themes" class="section" aria-labelledby="themes-title">
            <h2 id="themes-title">{ "Light and dark" }</h2>
            <p class="section-intro">
                { "Each button takes the theme of its nearest ancestor with " }
                <code>{ r#"data-theme="light""# }</code>{ " or " }<code>{ r#"data-theme="dark""# }</code>
                { ", so both can stand side by side." }
            </p>
            <div class="previews">
                { panel("light", "Light") }
                { panel("dark", "Dark") }
            </div>
        </section>
    }
}

/// The lines of `Cargo.toml` for an app using this crate.
fn cargo_code() -> String {
    [
        "[dependencies]\nyew = { version = \"0.23\", features = [\"csr\"] }\nyew-router = \"0.20\"\nyew-openrouter = { git = \"",
        REPOSITORY_URL,
        "\" }",
    ]
    .concat()
}

// The guide's code lives in files that tests/usage_snippets.rs compiles against this crate.
const APP_CODE: &str = include_str!("../widgets/snippets/app.rs");
const BUTTON_CODE: &str = include_str!("../widgets/snippets/button.rs");
const ACCOUNT_CODE: &str = include_str!("../widgets/snippets/account.rs");

#[component]
fn UseIt() -> Html {
    html! {
        <section id="use-it" class="section" aria-labelledby="use-it-title">
            <h2 id="use-it-title">{ "Use it in your Yew app" }</h2>
            <ol class="steps">
                <li>
                    <h3>{ "Add the dependency" }</h3>
                    <p>{ "In your app's Cargo.toml:" }</p>
                    <CodeBlock code={cargo_code()} lang="TOML" />
                </li>
                <li>
                    <h3>{ "Wrap the app and add the callback route" }</h3>
                    <p>
                        { "Put " }<code>{ "<AuthProvider>" }</code>{ " around the app and render " }
                        <code>{ "<OAuthCallback />" }</code>{ " on " }<code>{ "/callback" }</code>
                        { ". OpenRouter sends the visitor back there with a one-time code, which is \
                           exchanged for a key only if this tab started the sign-in; then it returns \
                           to the page the sign-in started from (any router that follows the \
                           browser's history, yew-router included, sees it)." }
                    </p>
                    <CodeBlock code={APP_CODE.trim_end()} lang="Rust" />
                </li>
                <li>
                    <h3>{ "Drop in the button" }</h3>
                    <p>
                        { "Without an " }<code>{ "onclick" }</code>
                        { " it starts the sign-in and shows loading while the key is fetched. Set " }
                        <code>{ r#"data-theme="dark""# }</code>{ " on any ancestor for the dark look." }
                    </p>
                    <CodeBlock code={BUTTON_CODE.trim_end()} lang="Rust" />
                </li>
                <li>
                    <h3>{ "Read the store" }</h3>
                    <p>
                        <code>{ "use_auth()" }</code>
                        { " gives the key, whether a sign-in is under way, the last error and \
                           sign-out, and stays in sync across tabs." }
                    </p>
                    <CodeBlock code={ACCOUNT_CODE.trim_end()} lang="Rust" />
                </li>
            </ol>
        </section>
    }
}
