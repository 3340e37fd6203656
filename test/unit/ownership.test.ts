import { TenantPurpose } from "../../src/domain";
import { ownerKindFor, ownershipProblem } from "../../src/policy/ownership";

describe("ownerKindFor", () => {
  it("gives CUSTOMER tenants to customers and CSP and CORPORATE ones to partners", () => {
    expect(ownerKindFor(TenantPurpose.CUSTOMER)).toBe("Customer");
    expect(ownerKindFor(TenantPurpose.CSP)).toBe("Partner");
    expect(ownerKindFor(TenantPurpose.CORPORATE)).toBe("Partner");
  });
});

describe("ownershipProblem", () => {
  it("refuses an owner of the other kind, naming both kinds", () => {
    expect(ownershipProblem(TenantPurpose.CUSTOMER, "Partner", null)).toEqual({
      problem: "WRONG_OWNER_KIND",
      wanted: "Customer",
      actual: "Partner",
    });
    expect(ownershipProblem(TenantPurpose.CORPORATE, "Customer", null)).toEqual({
      problem: "WRONG_OWNER_KIND",
      wanted: "Partner",
      actual: "Customer",
    });
  });

  it("refuses a partner's second CSP tenant, and allows any number of CORPORATE ones", () => {
    expect(ownershipProblem(TenantPurpose.CSP, "Partner", "t-1")).toEqual({
      problem: "SECOND_CSP_TENANT",
      existing: "t-1",
    });
    expect(ownershipProblem(TenantPurpose.CORPORATE, "Partner", "t-1")).toBeNull();
    expect(ownershipProblem(TenantPurpose.CSP, "Partner", null)).toBeNull();
  });

  it("reports the wrong kind before a second CSP tenant", () => {
    expect(ownershipProblem(TenantPurpose.CSP, "Customer", "t-1")?.problem).toBe(
      "WRONG_OWNER_KIND",
    );
  });
});
