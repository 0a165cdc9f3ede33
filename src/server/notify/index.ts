export { enqueueNotices, type Email, type Notice } from './enqueue';
export { distinctRecipients, recipientOf, siteAdminRecipients, teamMailbox, type Recipient } from './recipients';
