// Swagger UI on the API docs page: no padlock on operations that anonymous
// clients may call. Every operation of the registry's API accepts a token but
// needs none; its schema says so by listing "no requirement" ({}) among the
// operation's security requirements. Swagger UI draws the padlock unless that
// is the only requirement, so the summary line is shown that one alone; the
// operation keeps its requirements, and "Try it out" still sends the token
// given under "Authorize".
"use strict";

(function () {
  const optionalAuthHasNoPadlock = () => ({
    wrapComponents: {
      OperationSummary: (Original, system) => (props) => {
        const security = props.operationProps.get("security");
        const optional = security && security.filter((requirement) => requirement.isEmpty());
        if (!optional || optional.isEmpty()) {
          return system.React.createElement(Original, props);
        }
        const operationProps = props.operationProps.set("security", optional.take(1));
        return system.React.createElement(Original, { ...props, operationProps });
      },
    },
  });

  const bundle = window.SwaggerUIBundle;
  window.SwaggerUIBundle = Object.assign(
    (config) =>
      bundle({ ...config, plugins: [...(config.plugins || []), optionalAuthHasNoPadlock] }),
    bundle,
  );
})();
