//! Reusable UI: the sign-in button and the OpenRouter logo.

pub mod logo;
pub mod sign_in_button;

pub use logo::OpenRouterLogo;
pub use sign_in_button::{
    button_stylesheet, ButtonSize, ButtonVariant, LogoPosition, SignInButton, SignInButtonProps,
    BUTTON_CLASS, BUTTON_STYLESHEET, DEFAULT_LABEL, STYLESHEET_ID,
};
