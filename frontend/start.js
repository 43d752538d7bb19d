// Starts the web app; a file of its own, as the Content-Security-Policy allows no inline script.
import init from "/app.js";
init({ module_or_path: "/app_bg.wasm" });
