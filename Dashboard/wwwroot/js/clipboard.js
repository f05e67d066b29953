// Copies text with the asynchronous Clipboard API. It throws (and the caller falls back to a hint) where the page
// may not write the clipboard: an insecure context, a denied permission, or a browser without the API.
export function copyText(text) {
    return navigator.clipboard.writeText(text);
}
