// Starts Swagger UI on /docs from the installed swagger-ui-py files (no inline script, no outside URL).
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
