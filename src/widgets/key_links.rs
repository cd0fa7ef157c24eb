//! Links to OpenRouter's pages for the signed-in key: its settings (see, limit or revoke it) and
//! its activity. They name the key by its SHA-256 ([`ApiKey::sha256_hex`]) on the configured
//! OpenRouter origin; the key itself never enters a URL. OpenRouter opens them only for the
//! key's owner, signed in there.

use yew::prelude::*;
use yew_openrouter::auth::{use_auth, ApiKey};

/// Props of [`KeyLinks`].
#[derive(Properties, PartialEq)]
pub struct KeyLinksProps {
    /// The key the links are for.
    pub api_key: ApiKey,
}

/// "Manage this key" and "Activity", opening OpenRouter in a new tab.
#[component]
pub fn KeyLinks(props: &KeyLinksProps) -> Html {
    let auth = use_auth();
    let config = auth.config();
    html! {
        <p class="key-links">
            <a href={config.key_settings_url(&props.api_key)} target="_blank"
                rel="noopener noreferrer" data-testid="manage-key">{ "Manage this key" }</a>
            <a href={config.key_activity_url(&props.api_key)} target="_blank"
                rel="noopener noreferrer" data-testid="key-activity">{ "Activity" }</a>
        </p>
    }
}
