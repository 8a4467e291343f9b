//! Finding a goroutine by its id: the page follows `created by … in goroutine N` to the
//! group of the creator.

use crate::analysis::Analysis;
use crate::model::Profile;

impl Analysis {
    /// The group (its index in the report's `groups`) holding the goroutine with id `id` in
    /// profile `profile`; `None` when the profile is no goroutine dump, or no goroutine has
    /// that id (it exited before the dump was taken, or debug=1 records, which have no ids).
    pub fn group_of_goroutine(&self, profile: usize, id: u64) -> Option<usize> {
        let (Some(Profile::Goroutine(p)), Some(Some(grouping))) = (
            self.document.profiles.get(profile),
            self.groupings.get(profile),
        ) else {
            return None;
        };
        if id == 0 {
            return None;
        }
        let index = p.goroutines.iter().position(|g| g.id == id)? as u32;
        grouping
            .groups
            .iter()
            .position(|group| group.members.contains(&index))
    }
}

#[cfg(test)]
mod tests {
    use crate::{analyze, Options};

    const DUMP: &str = include_str!(
        "../../../../tests/fixtures/corpus/goroutine-sync-contention/goroutine.debug2.txt"
    );

    #[test]
    fn every_member_is_found_in_its_own_group() {
        let analysis = analyze(DUMP, &Options::default());
        let report = analysis.report();
        let groups = &report.profiles[0].goroutines.as_ref().unwrap().groups;
        assert!(groups.len() > 1);
        for (index, _) in groups.iter().enumerate() {
            for member in analysis.group_members(0, index, 0, 3) {
                assert_eq!(analysis.group_of_goroutine(0, member.id), Some(index));
            }
        }
    }

    #[test]
    fn unknown_ids_and_profiles_find_nothing() {
        let analysis = analyze(DUMP, &Options::default());
        assert_eq!(analysis.group_of_goroutine(0, u64::MAX), None);
        assert_eq!(analysis.group_of_goroutine(0, 0), None);
        assert_eq!(analysis.group_of_goroutine(7, 1), None);
    }
}
