export const claimStatuses = [
  { id: 'DRAFT', name: 'Draft' },
  { id: 'PENDING_REVIEW', name: 'Waiting for review' },
  { id: 'VERIFIED', name: 'Verified (public)' },
  { id: 'REJECTED', name: 'Rejected' },
  { id: 'SUPERSEDED', name: 'Superseded' },
  { id: 'RETIRED', name: 'Retired' },
];

export const publicationStates = [
  { id: 'DRAFT', name: 'Draft' },
  { id: 'PUBLISHED', name: 'Published' },
  { id: 'RETIRED', name: 'Retired' },
];

/** Editors work on drafts and retired entries too: catalog lists ask the API for every state. */
export const allPublicationStates = publicationStates.map((state) => state.id);

export const roles = [
  { id: 'EDITOR', name: 'Editor' },
  { id: 'REVIEWER', name: 'Reviewer' },
  { id: 'ADMIN', name: 'Admin' },
];
