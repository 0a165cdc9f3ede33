export { enqueueNotices, noticeEmails, type Email, type Notice } from './enqueue';
export { distinctRecipients, recipientOf, siteAdminRecipients, teamMailbox, type Recipient } from './recipients';
