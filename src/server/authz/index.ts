import 'server-only';

// The data-access layer's authorization: the viewer, the policy table and its guard
// (docs/decisions/017-data-access-layer.md).
export { can, CAPABILITIES, POLICY, staffRolesFor, type Capability, type Subject, type Target } from './policy';
export { requireCapability } from './guard';
export { getViewer, requireViewerPage, viewerOf, type Viewer, type ViewerMembership } from './viewer';
