import { registerEnumType } from "type-graphql";
import {
  Billing,
  Channel,
  Cloud,
  EdgeType,
  GdapStatus,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../domain";

// The domain enums, exposed to GraphQL under the names of ../shared/API.md.
registerEnumType(PartnerRole, {
  name: "PartnerRole",
  description: "How a partner buys and sells.",
});
registerEnumType(Cloud, { name: "Cloud", description: "The national cloud a node belongs to." });
registerEnumType(TenantPurpose, { name: "TenantPurpose" });
registerEnumType(EdgeType, { name: "EdgeType" });
registerEnumType(RelationshipState, { name: "RelationshipState" });
registerEnumType(Workload, { name: "Workload" });
registerEnumType(WorkloadRole, { name: "WorkloadRole" });
registerEnumType(Billing, { name: "Billing" });
registerEnumType(Channel, { name: "Channel" });
registerEnumType(GdapStatus, {
  name: "GdapStatus",
  description:
    "A GDAP relationship's status; Microsoft Graph's created, approvalPending, approved and activating are PENDING, active and expiring ACTIVE, expired EXPIRED, terminationRequested, terminating and terminated TERMINATED.",
});

export {
  Billing,
  Channel,
  Cloud,
  EdgeType,
  GdapStatus,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
};
