-- docker/compose.yaml: tenant globex keeps its events in a database of its own
CREATE DATABASE globex;
