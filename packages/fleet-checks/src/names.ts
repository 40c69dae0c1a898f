import { DNS1123_LABEL_PATTERN } from '@platform/core';

/** Kubernetes name and label syntax (k8s.io/apimachinery/pkg/util/validation). */

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `name` is not a DNS-1123 label (at most 63 characters), or undefined when it is one. */
export function dns1123Label(name: string): string | undefined {
  if (name.length > 63) return `${name.length} characters, more than 63`;
  return DNS1123_LABEL_PATTERN.test(name)
    ? undefined
    : 'not lower-case alphanumerics and "-", starting and ending alphanumeric';
}

/** Why `name` is not a DNS-1035 label (a DNS-1123 label that starts with a letter). */
export function dns1035Label(name: string): string | undefined {
  if (name.length > 63) return `${name.length} characters, more than 63`;
  return DNS1035_LABEL.test(name)
    ? undefined
    : 'not lower-case alphanumerics and "-", starting with a letter';
}

/** Why `name` is not a DNS-1123 subdomain (at most 253 characters). */
export function dns1123Subdomain(name: string): string | undefined {
  if (name.length > 253) return `${name.length} characters, more than 253`;
  return DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : 'not lower-case alphanumerics, "-" and ".", starting and ending alphanumeric';
}

/** Why `name` is not a valid path segment name (RBAC objects), or undefined. */
export function pathSegmentName(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be "${name}"`;
  return /[/%]/.test(name) ? 'may not contain "/" or "%"' : undefined;
}

/** Why `key` is not a label or annotation key (`[prefix/]name`), or undefined. */
export function qualifiedName(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const bad = prefix === '' ? 'empty prefix' : dns1123Subdomain(prefix);
    if (bad) return `prefix "${prefix}": ${bad}`;
  }
  if (name.length === 0) return 'empty name';
  if (name.length > 63) return `name part ${name.length} characters, more than 63`;
  return QUALIFIED_NAME.test(name)
    ? undefined
    : 'name part not alphanumerics, "-", "_" and ".", starting and ending alphanumeric';
}

/** Why `value` is not a label value (at most 63 characters), or undefined. */
export function labelValue(value: string): string | undefined {
  if (value.length > 63) return `${value.length} characters, more than 63`;
  return LABEL_VALUE.test(value)
    ? undefined
    : 'not alphanumerics, "-", "_" and ".", starting and ending alphanumeric';
}
