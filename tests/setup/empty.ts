// Stands in for 'server-only', which throws outside a react-server bundle.
export {};
