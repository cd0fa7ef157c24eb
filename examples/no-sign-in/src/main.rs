// examples/sign-in without sign-in: the same routes, a plain button where the sign-in button
// is, and no library. What the two builds differ by is what the library costs an app.

use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, PartialEq, Routable)]
enum Route {
    #[at("/")]
    Home,
    #[at("/callback")]
    Callback,
}

#[component]
fn App() -> Html {
    html! {
        <BrowserRouter>
            <Switch<Route> render={|route| match route {
                Route::Home => html! { <Home /> },
                Route::Callback => html! { <p>{ "Nothing to do here." }</p> },
            }} />
        </BrowserRouter>
    }
}

#[component]
fn Home() -> Html {
    let clicks = use_state(|| 0_u32);
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |_: MouseEvent| clicks.set(*clicks + 1))
    };
    match *clicks {
        0 => html! { <button type="button" {onclick}>{ "Sign in" }</button> },
        n => html! { <p>{ format!("Clicked {n} times") }</p> },
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
