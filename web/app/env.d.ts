// Vite's module types: `?inline` CSS imports and `new URL(..., import.meta.url)` assets.
/// <reference types="vite/client" />
