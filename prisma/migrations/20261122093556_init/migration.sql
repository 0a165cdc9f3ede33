-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "PersonStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'INACTIVE');

-- CreateEnum
CREATE TYPE "StaffRoleKind" AS ENUM ('ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN');

-- CreateEnum
CREATE TYPE "LocationType" AS ENUM ('PRIVATE_PRACTICE_CLINIC', 'COMMUNITY_HEALTH_SERVICE', 'PHARMACY', 'LONG_TERM_CARE', 'NO_CLINICAL_APPS');

-- CreateEnum
CREATE TYPE "RoleContext" AS ENUM ('COMMUNITY_SERVICES', 'EMERGENCY_SERVICES', 'PRIMARY_CARE', 'SPECIALIST_CARE');

-- CreateEnum
CREATE TYPE "WorksiteStatus" AS ENUM ('INTAKE_SUBMITTED', 'AWAITING_DECLARATION', 'DECLARATION_SUBMITTED', 'CHANGES_REQUESTED', 'ACTIVE', 'SUSPENDED', 'DECLINED', 'CLOSED');

-- CreateEnum
CREATE TYPE "Profession" AS ENUM ('PHYSICIAN', 'NURSE_PRACTITIONER', 'REGISTERED_NURSE', 'REGISTERED_PSYCHIATRIC_NURSE', 'LICENSED_PRACTICAL_NURSE', 'PHARMACIST', 'SOCIAL_WORKER', 'RESIDENT_PHYSICIAN', 'MEDICAL_OFFICE_ASSISTANT', 'CLINICAL_SUPPORT_STAFF');

-- CreateEnum
CREATE TYPE "EnrolmentStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'DECLINED', 'CHANGES_REQUESTED', 'SUSPENDED');

-- CreateEnum
CREATE TYPE "AgreementKind" AS ENUM ('HPCAA');

-- CreateEnum
CREATE TYPE "CourseCompletionSource" AS ENUM ('WEBHOOK', 'MANUAL', 'DEMO');

-- CreateEnum
CREATE TYPE "ChangeRequestStatus" AS ENUM ('REQUESTED', 'APPLIED', 'DECLINED');

-- CreateEnum
CREATE TYPE "MembershipStatus" AS ENUM ('REQUESTED', 'INVITED', 'PENDING_SPONSOR', 'PENDING_REVIEW', 'ACTIVE', 'INACTIVE', 'ENDED', 'DECLINED');

-- CreateEnum
CREATE TYPE "MembershipKind" AS ENUM ('INDEPENDENT', 'ON_BEHALF_OF');

-- CreateEnum
CREATE TYPE "SponsorshipStatus" AS ENUM ('REQUESTED', 'ACTIVE', 'DECLINED', 'ENDED');

-- CreateEnum
CREATE TYPE "InvitationStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REVOKED');

-- CreateEnum
CREATE TYPE "GrantRequestStatus" AS ENUM ('REQUESTED', 'INSTRUCTIONS_SENT', 'APPROVED', 'DECLINED', 'REVOKED');

-- CreateEnum
CREATE TYPE "RecordType" AS ENUM ('PERSON', 'WORKSITE', 'ENROLMENT', 'MEMBERSHIP', 'SPONSORSHIP', 'DECLARATION', 'INVITATION', 'REMOTE_ACCESS_REQUEST', 'PHARMANET_REQUEST', 'PROFESSION_CHANGE_REQUEST', 'STAFF_ROLE', 'API_KEY', 'FILE', 'SESSION', 'EMAIL');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('PERSON', 'STAFF', 'SERVICE', 'SYSTEM');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'DEAD');

-- CreateEnum
CREATE TYPE "SubmissionKind" AS ENUM ('WORKSITE_INTAKE', 'DECLARATION', 'ENROLMENT');

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "legalGivenName" TEXT NOT NULL,
    "legalFamilyName" TEXT NOT NULL,
    "birthdate" DATE,
    "idpEmail" TEXT,
    "identityAssuranceLevel" INTEGER NOT NULL,
    "preferredGivenName" TEXT,
    "preferredFamilyName" TEXT,
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "status" "PersonStatus" NOT NULL DEFAULT 'ACTIVE',
    "lastSignInAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAccount" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoginAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,
    "absoluteEnd" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endedReason" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffRole" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "role" "StaffRoleKind" NOT NULL,
    "grantedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonStatusChange" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "fromStatus" "PersonStatus" NOT NULL,
    "toStatus" "PersonStatus" NOT NULL,
    "reason" TEXT,
    "actorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Worksite" (
    "id" UUID NOT NULL,
    "worksiteCode" VARCHAR(7) NOT NULL,
    "legalName" TEXT NOT NULL,
    "operatingName" TEXT NOT NULL,
    "locationType" "LocationType" NOT NULL,
    "roleContext" "RoleContext" NOT NULL DEFAULT 'COMMUNITY_SERVICES',
    "street" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "province" VARCHAR(2) NOT NULL DEFAULT 'BC',
    "postalCode" VARCHAR(7) NOT NULL,
    "phone" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emrVendor" TEXT,
    "status" "WorksiteStatus" NOT NULL DEFAULT 'INTAKE_SUBMITTED',
    "reviewStateBeforeChanges" "WorksiteStatus",
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "declarationVersionDue" INTEGER,
    "pharmanetEnabled" BOOLEAN NOT NULL DEFAULT false,
    "createdById" UUID NOT NULL,
    "assignedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Worksite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorksiteStatusChange" (
    "id" UUID NOT NULL,
    "worksiteId" UUID NOT NULL,
    "fromStatus" "WorksiteStatus",
    "toStatus" "WorksiteStatus" NOT NULL,
    "reason" TEXT,
    "actorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorksiteStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpectedUser" (
    "id" UUID NOT NULL,
    "worksiteId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "profession" "Profession",
    "invitedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExpectedUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeclarationVersion" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "safeguards" JSONB NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeclarationVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Declaration" (
    "id" UUID NOT NULL,
    "worksiteId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "signerName" TEXT NOT NULL,
    "signerTitle" TEXT NOT NULL,
    "typedSignature" TEXT NOT NULL,
    "signedOn" DATE NOT NULL,
    "attestsSigningAuthority" BOOLEAN NOT NULL,
    "antivirusFileId" UUID NOT NULL,
    "submittedById" UUID NOT NULL,
    "hasFlaggedAnswers" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Declaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeclarationAnswer" (
    "id" UUID NOT NULL,
    "declarationId" UUID NOT NULL,
    "safeguardKey" TEXT NOT NULL,
    "answer" BOOLEAN NOT NULL,
    "explanation" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeclarationAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" UUID NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "size" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "bytes" BYTEA NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrolment" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "profession" "Profession",
    "college" TEXT,
    "licenceNumber" TEXT,
    "jobTitle" TEXT,
    "residencyStart" DATE,
    "residencyEnd" DATE,
    "status" "EnrolmentStatus" NOT NULL DEFAULT 'DRAFT',
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "professionLockedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "assignedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Enrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrolmentStatusChange" (
    "id" UUID NOT NULL,
    "enrolmentId" UUID NOT NULL,
    "fromStatus" "EnrolmentStatus",
    "toStatus" "EnrolmentStatus" NOT NULL,
    "reason" TEXT,
    "actorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnrolmentStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementVersion" (
    "id" UUID NOT NULL,
    "kind" "AgreementKind" NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgreementVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementAcceptance" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "agreementVersionId" UUID NOT NULL,
    "typedName" TEXT NOT NULL,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgreementAcceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrivacyCourseCompletion" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "source" "CourseCompletionSource" NOT NULL,
    "externalEventId" TEXT,
    "completedAt" TIMESTAMP(3) NOT NULL,
    "recordedById" UUID,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrivacyCourseCompletion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfessionChangeRequest" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "fromProfession" "Profession",
    "toProfession" "Profession" NOT NULL,
    "college" TEXT,
    "licenceNumber" TEXT,
    "reason" TEXT NOT NULL,
    "status" "ChangeRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "decisionReason" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "assignedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProfessionChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "worksiteId" UUID NOT NULL,
    "status" "MembershipStatus" NOT NULL,
    "kind" "MembershipKind" NOT NULL,
    "isSiteAdmin" BOOLEAN NOT NULL DEFAULT false,
    "isLocum" BOOLEAN NOT NULL DEFAULT false,
    "locumEndDate" DATE,
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedById" UUID,
    "assignedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MembershipStatusChange" (
    "id" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "fromStatus" "MembershipStatus",
    "toStatus" "MembershipStatus" NOT NULL,
    "reason" TEXT,
    "actorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MembershipStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sponsorship" (
    "id" UUID NOT NULL,
    "oboMembershipId" UUID NOT NULL,
    "sponsorMembershipId" UUID NOT NULL,
    "status" "SponsorshipStatus" NOT NULL DEFAULT 'REQUESTED',
    "decidedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "endedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sponsorship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "worksiteId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "status" "InvitationStatus" NOT NULL DEFAULT 'PENDING',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "invitedById" UUID,
    "acceptedById" UUID,
    "acceptedAt" TIMESTAMP(3),
    "sentCount" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemoteAccessRequest" (
    "id" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "status" "GrantRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "decisionReason" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "assignedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RemoteAccessRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PharmanetWorksiteRequest" (
    "id" UUID NOT NULL,
    "worksiteId" UUID NOT NULL,
    "status" "GrantRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedById" UUID NOT NULL,
    "decisionReason" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "assignedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PharmanetWorksiteRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PharmanetUserRequest" (
    "id" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "status" "GrantRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "decisionReason" TEXT,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "assignedToId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PharmanetUserRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" UUID NOT NULL,
    "targetType" "RecordType" NOT NULL,
    "targetId" UUID NOT NULL,
    "worksiteId" UUID,
    "personId" UUID,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" "ActorType" NOT NULL,
    "actorId" UUID,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "targetType" "RecordType" NOT NULL,
    "targetId" TEXT,
    "worksiteId" UUID,
    "personId" UUID,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT,
    "ip" TEXT,
    "prevHash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "id" UUID NOT NULL,
    "template" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "textBody" TEXT NOT NULL,
    "htmlBody" TEXT NOT NULL,
    "worksiteId" UUID,
    "personId" UUID,
    "dedupeKey" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboxEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubmissionSnapshot" (
    "id" UUID NOT NULL,
    "kind" "SubmissionKind" NOT NULL,
    "targetId" UUID NOT NULL,
    "worksiteId" UUID,
    "personId" UUID,
    "data" JSONB NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "submittedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubmissionSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" VARCHAR(12) NOT NULL,
    "keyHash" VARCHAR(64) NOT NULL,
    "createdById" UUID NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "key" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "resultId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Person_legalFamilyName_legalGivenName_idx" ON "Person"("legalFamilyName", "legalGivenName");

-- CreateIndex
CREATE INDEX "Person_contactEmail_idx" ON "Person"("contactEmail");

-- CreateIndex
CREATE INDEX "Person_status_createdAt_idx" ON "Person"("status", "createdAt");

-- CreateIndex
CREATE INDEX "LoginAccount_personId_idx" ON "LoginAccount"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "LoginAccount_issuer_subject_key" ON "LoginAccount"("issuer", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "LoginAccount_provider_subject_key" ON "LoginAccount"("provider", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_personId_endedAt_idx" ON "Session"("personId", "endedAt");

-- CreateIndex
CREATE INDEX "StaffRole_role_idx" ON "StaffRole"("role");

-- CreateIndex
CREATE INDEX "StaffRole_grantedById_idx" ON "StaffRole"("grantedById");

-- CreateIndex
CREATE UNIQUE INDEX "StaffRole_personId_role_key" ON "StaffRole"("personId", "role");

-- CreateIndex
CREATE INDEX "PersonStatusChange_personId_createdAt_idx" ON "PersonStatusChange"("personId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Worksite_worksiteCode_key" ON "Worksite"("worksiteCode");

-- CreateIndex
CREATE INDEX "Worksite_status_statusChangedAt_id_idx" ON "Worksite"("status", "statusChangedAt", "id");

-- CreateIndex
CREATE INDEX "Worksite_operatingName_idx" ON "Worksite"("operatingName");

-- CreateIndex
CREATE INDEX "Worksite_legalName_idx" ON "Worksite"("legalName");

-- CreateIndex
CREATE INDEX "Worksite_postalCode_idx" ON "Worksite"("postalCode");

-- CreateIndex
CREATE INDEX "Worksite_createdById_idx" ON "Worksite"("createdById");

-- CreateIndex
CREATE INDEX "Worksite_assignedToId_idx" ON "Worksite"("assignedToId");

-- CreateIndex
CREATE INDEX "WorksiteStatusChange_worksiteId_createdAt_idx" ON "WorksiteStatusChange"("worksiteId", "createdAt");

-- CreateIndex
CREATE INDEX "ExpectedUser_worksiteId_idx" ON "ExpectedUser"("worksiteId");

-- CreateIndex
CREATE UNIQUE INDEX "DeclarationVersion_version_key" ON "DeclarationVersion"("version");

-- CreateIndex
CREATE INDEX "Declaration_worksiteId_createdAt_idx" ON "Declaration"("worksiteId", "createdAt");

-- CreateIndex
CREATE INDEX "Declaration_versionId_idx" ON "Declaration"("versionId");

-- CreateIndex
CREATE INDEX "Declaration_antivirusFileId_idx" ON "Declaration"("antivirusFileId");

-- CreateIndex
CREATE INDEX "Declaration_submittedById_idx" ON "Declaration"("submittedById");

-- CreateIndex
CREATE UNIQUE INDEX "DeclarationAnswer_declarationId_safeguardKey_key" ON "DeclarationAnswer"("declarationId", "safeguardKey");

-- CreateIndex
CREATE INDEX "StoredFile_sha256_idx" ON "StoredFile"("sha256");

-- CreateIndex
CREATE INDEX "StoredFile_uploadedById_idx" ON "StoredFile"("uploadedById");

-- CreateIndex
CREATE UNIQUE INDEX "Enrolment_personId_key" ON "Enrolment"("personId");

-- CreateIndex
CREATE INDEX "Enrolment_status_statusChangedAt_id_idx" ON "Enrolment"("status", "statusChangedAt", "id");

-- CreateIndex
CREATE INDEX "Enrolment_licenceNumber_idx" ON "Enrolment"("licenceNumber");

-- CreateIndex
CREATE INDEX "Enrolment_assignedToId_idx" ON "Enrolment"("assignedToId");

-- CreateIndex
CREATE INDEX "EnrolmentStatusChange_enrolmentId_createdAt_idx" ON "EnrolmentStatusChange"("enrolmentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementVersion_kind_version_key" ON "AgreementVersion"("kind", "version");

-- CreateIndex
CREATE INDEX "AgreementAcceptance_personId_acceptedAt_idx" ON "AgreementAcceptance"("personId", "acceptedAt");

-- CreateIndex
CREATE INDEX "AgreementAcceptance_agreementVersionId_idx" ON "AgreementAcceptance"("agreementVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyCourseCompletion_externalEventId_key" ON "PrivacyCourseCompletion"("externalEventId");

-- CreateIndex
CREATE INDEX "PrivacyCourseCompletion_personId_completedAt_idx" ON "PrivacyCourseCompletion"("personId", "completedAt");

-- CreateIndex
CREATE INDEX "ProfessionChangeRequest_status_createdAt_id_idx" ON "ProfessionChangeRequest"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ProfessionChangeRequest_personId_idx" ON "ProfessionChangeRequest"("personId");

-- CreateIndex
CREATE INDEX "Membership_worksiteId_status_idx" ON "Membership"("worksiteId", "status");

-- CreateIndex
CREATE INDEX "Membership_status_statusChangedAt_id_idx" ON "Membership"("status", "statusChangedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_personId_worksiteId_key" ON "Membership"("personId", "worksiteId");

-- CreateIndex
CREATE INDEX "MembershipStatusChange_membershipId_createdAt_idx" ON "MembershipStatusChange"("membershipId", "createdAt");

-- CreateIndex
CREATE INDEX "Sponsorship_oboMembershipId_status_idx" ON "Sponsorship"("oboMembershipId", "status");

-- CreateIndex
CREATE INDEX "Sponsorship_sponsorMembershipId_status_idx" ON "Sponsorship"("sponsorMembershipId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_worksiteId_status_idx" ON "Invitation"("worksiteId", "status");

-- CreateIndex
CREATE INDEX "Invitation_invitedById_idx" ON "Invitation"("invitedById");

-- CreateIndex
CREATE INDEX "Invitation_acceptedById_idx" ON "Invitation"("acceptedById");

-- CreateIndex
CREATE INDEX "RemoteAccessRequest_membershipId_idx" ON "RemoteAccessRequest"("membershipId");

-- CreateIndex
CREATE INDEX "RemoteAccessRequest_status_createdAt_id_idx" ON "RemoteAccessRequest"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "PharmanetWorksiteRequest_worksiteId_idx" ON "PharmanetWorksiteRequest"("worksiteId");

-- CreateIndex
CREATE INDEX "PharmanetWorksiteRequest_status_createdAt_id_idx" ON "PharmanetWorksiteRequest"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "PharmanetUserRequest_membershipId_idx" ON "PharmanetUserRequest"("membershipId");

-- CreateIndex
CREATE INDEX "PharmanetUserRequest_status_createdAt_id_idx" ON "PharmanetUserRequest"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Note_targetType_targetId_createdAt_idx" ON "Note"("targetType", "targetId", "createdAt");

-- CreateIndex
CREATE INDEX "Note_authorId_idx" ON "Note"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_action_occurredAt_idx" ON "AuditEvent"("action", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_occurredAt_idx" ON "AuditEvent"("actorId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_worksiteId_occurredAt_idx" ON "AuditEvent"("worksiteId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_personId_occurredAt_idx" ON "AuditEvent"("personId", "occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_occurredAt_idx" ON "AuditEvent"("targetType", "targetId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEmail_dedupeKey_key" ON "OutboxEmail"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxEmail_status_nextAttemptAt_idx" ON "OutboxEmail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxEmail_worksiteId_createdAt_idx" ON "OutboxEmail"("worksiteId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxEmail_personId_createdAt_idx" ON "OutboxEmail"("personId", "createdAt");

-- CreateIndex
CREATE INDEX "SubmissionSnapshot_kind_targetId_createdAt_idx" ON "SubmissionSnapshot"("kind", "targetId", "createdAt");

-- CreateIndex
CREATE INDEX "SubmissionSnapshot_worksiteId_idx" ON "SubmissionSnapshot"("worksiteId");

-- CreateIndex
CREATE INDEX "SubmissionSnapshot_personId_idx" ON "SubmissionSnapshot"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_createdById_idx" ON "ApiKey"("createdById");

-- CreateIndex
CREATE INDEX "IdempotencyKey_personId_idx" ON "IdempotencyKey"("personId");

-- AddForeignKey
ALTER TABLE "LoginAccount" ADD CONSTRAINT "LoginAccount_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffRole" ADD CONSTRAINT "StaffRole_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffRole" ADD CONSTRAINT "StaffRole_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonStatusChange" ADD CONSTRAINT "PersonStatusChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Worksite" ADD CONSTRAINT "Worksite_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorksiteStatusChange" ADD CONSTRAINT "WorksiteStatusChange_worksiteId_fkey" FOREIGN KEY ("worksiteId") REFERENCES "Worksite"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpectedUser" ADD CONSTRAINT "ExpectedUser_worksiteId_fkey" FOREIGN KEY ("worksiteId") REFERENCES "Worksite"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Declaration" ADD CONSTRAINT "Declaration_worksiteId_fkey" FOREIGN KEY ("worksiteId") REFERENCES "Worksite"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Declaration" ADD CONSTRAINT "Declaration_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DeclarationVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Declaration" ADD CONSTRAINT "Declaration_antivirusFileId_fkey" FOREIGN KEY ("antivirusFileId") REFERENCES "StoredFile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Declaration" ADD CONSTRAINT "Declaration_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationAnswer" ADD CONSTRAINT "DeclarationAnswer_declarationId_fkey" FOREIGN KEY ("declarationId") REFERENCES "Declaration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrolmentStatusChange" ADD CONSTRAINT "EnrolmentStatusChange_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementAcceptance" ADD CONSTRAINT "AgreementAcceptance_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementAcceptance" ADD CONSTRAINT "AgreementAcceptance_agreementVersionId_fkey" FOREIGN KEY ("agreementVersionId") REFERENCES "AgreementVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrivacyCourseCompletion" ADD CONSTRAINT "PrivacyCourseCompletion_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfessionChangeRequest" ADD CONSTRAINT "ProfessionChangeRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_worksiteId_fkey" FOREIGN KEY ("worksiteId") REFERENCES "Worksite"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MembershipStatusChange" ADD CONSTRAINT "MembershipStatusChange_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sponsorship" ADD CONSTRAINT "Sponsorship_oboMembershipId_fkey" FOREIGN KEY ("oboMembershipId") REFERENCES "Membership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sponsorship" ADD CONSTRAINT "Sponsorship_sponsorMembershipId_fkey" FOREIGN KEY ("sponsorMembershipId") REFERENCES "Membership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_worksiteId_fkey" FOREIGN KEY ("worksiteId") REFERENCES "Worksite"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_acceptedById_fkey" FOREIGN KEY ("acceptedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RemoteAccessRequest" ADD CONSTRAINT "RemoteAccessRequest_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PharmanetWorksiteRequest" ADD CONSTRAINT "PharmanetWorksiteRequest_worksiteId_fkey" FOREIGN KEY ("worksiteId") REFERENCES "Worksite"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PharmanetUserRequest" ADD CONSTRAINT "PharmanetUserRequest_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
