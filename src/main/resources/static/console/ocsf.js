// Names of OCSF categories, severities and the classes Security Lake writes (others show their number).

export const CATEGORIES = {1: 'System Activity', 2: 'Findings', 3: 'Identity & Access', 4: 'Network Activity',
  5: 'Discovery', 6: 'Application Activity', 7: 'Remediation', 8: 'Unmanned Systems'};

export const SEVERITIES = {0: 'Unknown', 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical',
  6: 'Fatal', 99: 'Other'};

export const CLASSES = {1001: 'File System Activity', 1007: 'Process Activity', 2001: 'Security Finding',
  2002: 'Vulnerability Finding', 2003: 'Compliance Finding', 2004: 'Detection Finding', 2005: 'Incident Finding',
  3001: 'Account Change', 3002: 'Authentication', 3003: 'Authorize Session', 3005: 'User Access Management',
  4001: 'Network Activity', 4002: 'HTTP Activity', 4003: 'DNS Activity', 5001: 'Device Inventory Info',
  6003: 'API Activity', 6005: 'Datastore Activity'};

export const INCIDENT_STATUSES = {1: 'New', 2: 'In Progress', 3: 'On Hold', 4: 'Resolved', 5: 'Closed', 99: 'Other'};
export const PRIORITIES = {0: 'Unknown', 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Critical', 99: 'Other'};

/** How a value of a timeline's `by` column reads. */
export function label(by, value) {
  const names = {class_uid: CLASSES, category_uid: CATEGORIES, severity_id: SEVERITIES}[by];
  return names && names[value] ? names[value] : String(value);
}

export const severity = (id) => SEVERITIES[id] ?? (id === undefined || id === null ? '' : String(id));
