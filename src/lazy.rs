//! A part of the app whose code is a wasm chunk of its own, as one named idea (Leptos'
//! `#[lazy]` and `LazyRoute` are the model): `split_point!` declares the function that gives
//! the part once its chunk is there, a [`LazyPart`] says what the part shows meanwhile and when
//! its chunk cannot be fetched, and [`Lazy`] is the component that shows it
//! (`<Lazy part={Part::of::<ChatPart>()} />`). [`crate::hooks::use_mounted`] tells a part's first
//! render (the server's, and the one that hydrates it) from the ones after.
//!
//! Each part lives next to its page: the chat page (`pages/chat.rs`), the callback
//! (`pages/callback.rs`), the gallery below the hero (`pages/home.rs`) and the signed-in key's
//! details (`widgets/key_options.rs`). This module knows none of them. `split_point!` also
//! declares the Yew app itself as a chunk behind the first module (`run_app` in `lib.rs`).
//!
//! In the release build (`tools/release.sh`, which sets `--cfg wasm_split`) a split point is one
//! of `wasm_split_helpers`: everything only it reaches leaves the main module, and the release
//! step (`src/bin/release_step`) cuts it into a chunk with `wasm-split-cli`, fetched by the first
//! call. In any other build (`trunk serve`, `trunk build`, the tests, the release step's own
//! prerendering) it is a plain async function, so those builds need neither the splitter nor the
//! release step.
//!
//! A split point's name is written once, in its `split_point!` declaration, which also declares
//! it as a [`Split`] constant: what names a split point elsewhere names that constant (the pages'
//! preloads, [`crate::app::Route::preloads`]), and the release step finds its chunks in
//! wasm-split-cli's loader by [`Split::name`].
//!
//! The retry policy, the same for every part: a chunk that failed is not kept as failed. A part
//! that shows its own markup says what went wrong and offers "Try again"; a part that hydrates
//! prerendered markup ([`LazyPart::HYDRATES`]) keeps that markup on screen, which has no place
//! for a message, and is fetched again by itself every [`RETRY_AFTER`].

use std::any::TypeId;
use std::future::Future;
use std::pin::Pin;

use yew::prelude::*;
use yew::suspense::use_future_with;

use crate::hooks::use_mounted;

/// Why a chunk is not there.
#[cfg(wasm_split)]
pub type ChunkError = wasm_split_helpers::SplitLoaderError;

/// Why a chunk is not there: without a split there is no chunk to fetch, so nothing can fail.
#[cfg(not(wasm_split))]
pub type ChunkError = std::convert::Infallible;

/// How long a hydrating part waits before fetching its chunk again after it failed.
pub const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Declares a split point: `async fn NAME() -> Result<T, ChunkError>` giving BODY (`T` one token:
/// `Html`, `()`), whose code is the chunk CHUNK in the release build (named
/// `split_CHUNK-<hash>.wasm` there), and `pub const SPLIT: Split`, the split point by name, for
/// whatever names it elsewhere ([`crate::app::Route::preloads`]): CHUNK is written here only.
/// With `preload PRELOAD` it also declares `async fn PRELOAD()`, which fetches the chunk ahead
/// (a no-op in a build without chunks).
///
/// ```ignore
/// split_point! {
///     /// The chat page.
///     fn chat_page() -> Html in chat as CHAT_SPLIT, preload fetch_chat_chunk {
///         html! { <ChatPage /> }
///     }
/// }
/// ```
macro_rules! split_point {
    ($(#[$meta:meta])* $vis:vis fn $name:ident() -> $ret:tt in $chunk:ident as $split:ident $(, preload $preload:ident)? $body:block) => {
        #[doc = concat!(
            "The split point `", stringify!($chunk), "` (`", stringify!($name),
            "`): its chunk is `split_", stringify!($chunk), "-<hash>.wasm` in the release build."
        )]
        pub const $split: $crate::lazy::Split = $crate::lazy::Split::named(stringify!($chunk));

        $(#[$meta])*
        #[cfg(wasm_split)]
        #[::wasm_split_helpers::wasm_split($chunk, fallible $(, preload($preload))?)]
        $vis fn $name() -> ::core::result::Result<$ret, $crate::lazy::ChunkError> {
            let part: $ret = $body;
            Ok(part)
        }

        $(#[$meta])*
        #[cfg(not(wasm_split))]
        $vis async fn $name() -> ::core::result::Result<$ret, $crate::lazy::ChunkError> {
            let part: $ret = $body;
            Ok(part)
        }

        $(
            #[cfg(not(wasm_split))]
            $vis async fn $preload() -> ::core::result::Result<(), $crate::lazy::ChunkError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use split_point;

/// A split point, by the name its `split_point!` declaration gives it (`in chat as CHAT_SPLIT`
/// declares `CHAT_SPLIT`, named `chat`). The same in every build; in the release build
/// wasm-split-cli's loader names the split point's chunks by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Split {
    name: &'static str,
}

impl Split {
    /// The split point `name`: only `split_point!` makes one.
    pub(crate) const fn named(name: &'static str) -> Split {
        Split { name }
    }

    /// Its name: the one `split_point!` and wasm-split-cli's loader give it.
    pub const fn name(self) -> &'static str {
        self.name
    }

    /// The name of its own chunk file without the extension, as wasm-split-cli writes it
    /// (`split_NAME`; the release step adds a hash of its content).
    pub fn chunk_stem(self) -> String {
        format!("split_{}", self.name)
    }
}

/// A part whose code is a chunk of its own, shown by [`Lazy`] (`<Lazy part={Part::of::<P>()} />`).
pub trait LazyPart: 'static {
    /// Whether the part hydrates markup the build prerendered (the gallery below the hero). Such
    /// a part is rendered in full on the server, and in the browser its prerendered markup stays
    /// as served until the chunk is there. Any other part is prerendered (and first rendered in
    /// the browser) as [`LazyPart::loading`].
    const HYDRATES: bool = false;

    /// The part, once its chunk is there: a function declared by `split_point!`.
    fn load() -> impl Future<Output = Result<Html, ChunkError>> + 'static;

    /// What the part shows until its chunk is there.
    fn loading() -> Html;

    /// What the part says when its chunk cannot be fetched, with `retry` for its "Try again".
    fn failed(retry: Callback<MouseEvent>) -> Html;
}

/// The future of a part's chunk.
type PartFuture = Pin<Box<dyn Future<Output = Result<Html, ChunkError>>>>;

/// A [`LazyPart`] as [`Lazy`]'s prop. One `Lazy` component serves every part (a component
/// generic over the part would be compiled once per part, in the first load).
#[derive(Clone)]
pub struct Part {
    id: TypeId,
    hydrates: bool,
    load: fn() -> PartFuture,
    loading: fn() -> Html,
    failed: fn(Callback<MouseEvent>) -> Html,
}

impl Part {
    /// The part `P`.
    pub fn of<P: LazyPart>() -> Part {
        Part {
            id: TypeId::of::<P>(),
            hydrates: P::HYDRATES,
            load: || Box::pin(P::load()),
            loading: P::loading,
            failed: P::failed,
        }
    }
}

impl PartialEq for Part {
    fn eq(&self, other: &Part) -> bool {
        self.id == other.id
    }
}

/// Props of [`Lazy`].
#[derive(Properties, PartialEq)]
pub struct LazyProps {
    /// Which part.
    pub part: Part,
}

/// Shows a part: its loading view until its chunk is there, then the part; when the chunk
/// cannot be fetched, its failure view (see the module's retry policy).
#[component]
pub fn Lazy(props: &LazyProps) -> Html {
    let part = &props.part;
    let attempt = use_state(|| 0u32);
    // A part that does not hydrate is first rendered as its loading view, as the server
    // rendered it; its chunk is asked for once mounted.
    let mounted = use_mounted();
    if !part.hydrates && !mounted {
        return (part.loading)();
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    html! {
        <Suspense fallback={(part.loading)()}>
            <Loaded part={part.clone()} attempt={*attempt} {retry} />
        </Suspense>
    }
}

/// Props of [`Loaded`].
#[derive(Properties, PartialEq)]
struct LoadedProps {
    part: Part,
    /// Changes when the visitor asks for another try.
    attempt: u32,
    retry: Callback<MouseEvent>,
}

/// The part once its chunk is there, suspended until then (inside [`Lazy`]'s `<Suspense>`).
#[component]
fn Loaded(props: &LoadedProps) -> HtmlResult {
    let (load, hydrates) = (props.part.load, props.part.hydrates);
    let loaded = use_future_with(props.attempt, move |_| async move {
        loop {
            let loaded = load().await;
            if loaded.is_ok() || !hydrates {
                break loaded;
            }
            yew::platform::time::sleep(RETRY_AFTER).await;
        }
    })?;
    Ok(match &*loaded {
        Ok(html) => html.clone(),
        Err(_) => (props.part.failed)(props.retry.clone()),
    })
}
