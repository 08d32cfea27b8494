type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

const TYPE_TAGS: Record<string, TagType> = {
  home_visit: 'success',
  casework: 'warning',
  crisis: 'danger',
  resource_link: 'info',
  publicity: 'info',
};

/** The colour of a service type's tag: visits green, crises red. */
export function typeTag(type: string): TagType {
  return TYPE_TAGS[type] || 'primary';
}
