import { createHash } from 'node:crypto';
import type { Jurisdiction } from '@clearpath/contracts';
import { SHIPPED_PROFILES, loadLenderProfiles, type JurisdictionProfile } from '../compliance/jurisdiction-profiles';
import { TemplateCatalog } from '../templates/template.catalog';
import { TemplateRenderer } from '../templates/template.renderer';
import { TreatmentCatalog } from '../treatments/treatment.catalog';
import { readLenderProfilesFile, type ContactSettings } from './contact-settings';

export const CONTACT_POLICY = Symbol.for('clearpath.contact-orchestration.policy');

/**
 * Everything the service decides with, loaded and checked once at boot: templates, treatments,
 * the effective jurisdiction profiles (shipped, or a lender's tightened ones) and the settings.
 * Any problem throws, and the service does not start.
 */
export class ContactPolicy {
  private constructor(
    readonly settings: ContactSettings,
    readonly templates: TemplateCatalog,
    readonly treatments: TreatmentCatalog,
    readonly renderer: TemplateRenderer,
    readonly profiles: Readonly<Record<Jurisdiction, JurisdictionProfile>>,
    /** Names the profile set in the audit trail: `shipped`, or `lender:<sha256 prefix of the file>`. */
    readonly profileSet: string,
  ) {}

  static load(settings: ContactSettings): ContactPolicy {
    const templates = TemplateCatalog.load();
    const treatments = TreatmentCatalog.load(templates);
    let profiles: Readonly<Record<Jurisdiction, JurisdictionProfile>> = SHIPPED_PROFILES;
    let profileSet = 'shipped';
    if (settings.lenderProfilesFile !== null) {
      const raw = readLenderProfilesFile(settings.lenderProfilesFile);
      profiles = loadLenderProfiles(raw, settings.lenderProfilesFile);
      profileSet = `lender:${createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 12)}`;
    }
    return new ContactPolicy(settings, templates, treatments, new TemplateRenderer(templates), profiles, profileSet);
  }

  profileId(jurisdiction: Jurisdiction): string {
    return `${jurisdiction}@${this.profileSet}`;
  }
}
